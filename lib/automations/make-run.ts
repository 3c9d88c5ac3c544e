/**
 * A stop_make_scenarios run, one phase at a time: stop the active scenarios of the connector's
 * team tagged to the budget's scope (queued), or start again the ones it stopped (undoing). The
 * connector's verdict (a refused token) is written on it for the settings page.
 */
import type { TransactionSql } from "postgres";
import { z } from "zod";
import { budgetScopeSchema, type BudgetScope } from "../core/budgets/scope.ts";
import { createMakeApi, MakeApiError, makeBaseUrl, makeSettingsSchema } from "../connectors/make/make-api.ts";
import { startStoppedScenarios, stopTaggedScenarios, type StepResult } from "./make-scenario-steps.ts";
import { makeDidSchema, type MakeDid } from "./run-did.ts";
import { retryOutcome, type ClaimedRun, type Outcome, type RunnerSettings, type WithService } from "./run-outcome.ts";

const targetSchema = z.object({ connector_id: z.uuid(), budget_id: z.uuid() });

type Facts = { connector: { id: string; settings: unknown; token: string | null } | null; scope: BudgetScope | null };

export async function carryOutMake(withService: WithService, run: ClaimedRun, settings: RunnerSettings): Promise<Outcome> {
  const stopping = run.status === "queued";
  const target = targetSchema.parse(run.target);
  const did: MakeDid = run.did === null ? { stopped: [], started: [] } : makeDidSchema.parse(run.did);
  const { connector, scope } = await withService((tx) => readFacts(tx, target));
  if (connector === null) {
    return stopping
      ? { status: "skipped", did: null, note: "The Make connector was removed." }
      : { status: "done", did, note: "The Make connector was removed, so the scenarios were not started again: start them in Make." };
  }
  const makeSettings = makeSettingsSchema.safeParse(connector.settings);
  if (!makeSettings.success || connector.token === null) {
    return { status: stopping ? "failed" : "done", did, note: "The Make connector's settings are incomplete: add it again on Settings → Connectors." };
  }
  if (stopping && scope === null) return { status: "skipped", did: null, note: "The budget no longer exists." };

  const api = createMakeApi({ token: connector.token, baseUrl: settings.makeBaseUrl ?? makeBaseUrl(makeSettings.data.zone), fetch: settings.fetch });
  const step: StepResult = stopping ? await stopTaggedScenarios(api, makeSettings.data.team_id, scope ?? {}, did) : await startStoppedScenarios(api, did);
  await withService((tx) => noteConnectorHealth(tx, connector.id, step));

  if (step.ok) {
    if (!stopping) return { status: "undone", did: step.did, note: step.note };
    return step.nothingToDo ? { status: "skipped", did: null, note: step.note } : { status: "done", did: step.did, note: step.note };
  }
  const error = step.error instanceof MakeApiError ? step.error : null;
  const message = error?.message ?? `Unexpected error: ${String(step.error)}`;
  const retry = retryOutcome(run, { retryable: error?.retryable ?? false, retryAfterSeconds: error?.retryAfterSeconds, message }, step.did, settings.random ?? Math.random);
  if (retry) return retry;
  if (stopping) {
    const stoppedSome = step.did.stopped.length > 0 ? ` It had stopped ${step.did.stopped.length} scenario(s) first: Undo starts them again.` : "";
    return { status: "failed", did: step.did, note: `${message}${stoppedSome}` };
  }
  return { status: "done", did: step.did, note: `Could not start the scenarios again: ${message} Press Undo to try again.` };
}

async function readFacts(tx: TransactionSql, target: z.output<typeof targetSchema>): Promise<Facts> {
  const [connector] = await tx<{ id: string; settings: unknown; token: string | null }[]>`
    select c.id, c.settings, private.connector_credentials(c.id) as token
    from public.connectors c where c.id = ${target.connector_id} and c.provider = 'make'`;
  const [budget] = await tx<{ scope: unknown }[]>`select b.scope from public.budgets b where b.id = ${target.budget_id}`;
  const scope = budget === undefined ? null : budgetScopeSchema.safeParse(budget.scope);
  return { connector: connector ?? null, scope: scope?.success ? scope.data : null };
}

/** The connector's status on the settings page: a refused token is the customer's to fix. */
async function noteConnectorHealth(tx: TransactionSql, connectorId: string, step: StepResult) {
  const refused = !step.ok && step.error instanceof MakeApiError && (step.error.kind === "unauthorized" || step.error.kind === "forbidden");
  await tx`
    update public.connectors
    set last_used_at = now(),
      status = ${refused ? "error" : "ok"},
      last_error = ${refused && step.error instanceof Error ? step.error.message : null}
    where id = ${connectorId}`;
}
