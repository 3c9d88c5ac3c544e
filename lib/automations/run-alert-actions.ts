/**
 * Carries out the alert actions that act outside the database — today stop_make_scenarios — for
 * the run-alert-actions edge function (poked after an alert, an approval or an undo commits, and
 * run every minute by pg_cron); usable from Node too (tests).
 *
 * Runs are claimed with private.claim_action_runs (`for update skip locked`, a two-minute lease,
 * the attempt number as fence) and each outcome is written with private.record_action_run. What
 * Make could not do yet (rate limited, unavailable, unreachable) is retried with the
 * notifications' backoff, up to MAX_ATTEMPTS; what it refused (a bad token, no permission) fails
 * at once, and the connector shows why on the settings page. A stop that fails part-way keeps the
 * scenarios it did stop in `did`, so they can still be started again.
 */
import type { Sql, TransactionSql } from "postgres";
import { z } from "zod";
import { budgetScopeSchema } from "../core/budgets/scope.ts";
import { retryDelayMs } from "../core/alerts/retry-schedule.ts";
import { createMakeApi, MakeApiError, makeBaseUrl, MAKE_ZONES } from "../connectors/make/make-api.ts";
import { serviceRole } from "../delivery/service-role.ts";
import { makeDidSchema, type MakeDid } from "./make-did.ts";
import { startStoppedScenarios, stopTaggedScenarios, type StepResult } from "./make-scenario-steps.ts";

/** Attempts per phase (stopping, or starting again) before a run gives up. */
export const MAX_ATTEMPTS = 6;
const BATCH = 10;
/** Claim rounds per invocation: a long queue is finished by the next poke or minute. */
const MAX_ROUNDS = 5;

export type RunCounts = { claimed: number; done: number; undone: number; skipped: number; failed: number; retried: number };

export type RunAlertActionsOptions = {
  sql: Sql;
  /** Every Make zone's API at this origin instead (MAKE_BASE_URL: tests and the local stack). */
  makeBaseUrl?: string;
  fetch?: typeof fetch;
  random?: () => number;
};

const claimedRunSchema = z.object({
  id: z.uuid(),
  status: z.enum(["queued", "undoing"]),
  attempts: z.number().int(),
  target: z.object({ connector_id: z.uuid(), budget_id: z.uuid() }),
  did: makeDidSchema.nullable(),
});
type ClaimedRun = z.output<typeof claimedRunSchema>;

const makeSettingsSchema = z.object({ zone: z.enum(MAKE_ZONES), team_id: z.number().int().positive() });

/** A run's final status, or null to try again at retryAt. */
type Outcome = { status: "done" | "skipped" | "failed" | "undone" | null; did: MakeDid | null; note: string | null; retryAt?: Date };

export async function runAlertActions(options: RunAlertActionsOptions): Promise<RunCounts> {
  const withService = serviceRole(options.sql);
  const counts: RunCounts = { claimed: 0, done: 0, undone: 0, skipped: 0, failed: 0, retried: 0 };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const rows = await withService((tx) => tx`select * from private.claim_action_runs(${BATCH})`);
    if (rows.length === 0) break;
    counts.claimed += rows.length;
    // One at a time: a team's scenarios are few, and Make rate-limits per organization.
    for (const row of rows) {
      const run = claimedRunSchema.parse(row);
      const outcome = await carryOut(withService, run, options);
      const recorded = await withService(async (tx) => {
        const [{ ok }] = await tx<{ ok: boolean }[]>`
          select private.record_action_run(${run.id}, ${run.attempts}, ${outcome.status}, ${outcome.did === null ? null : tx.json(outcome.did)},
            ${outcome.note}, ${outcome.retryAt ?? null}) as ok`;
        return ok;
      });
      if (!recorded) continue;
      if (outcome.status === null) counts.retried += 1;
      else counts[outcome.status] += 1;
    }
  }
  return counts;
}

async function carryOut(withService: ReturnType<typeof serviceRole>, run: ClaimedRun, options: RunAlertActionsOptions): Promise<Outcome> {
  const stopping = run.status === "queued";
  const did: MakeDid = run.did ?? { stopped: [], started: [] };
  const facts = await withService((tx) => readFacts(tx, run));
  const connector = facts.connector;
  if (connector === null) {
    return stopping
      ? { status: "skipped", did: null, note: "The Make connector was removed." }
      : { status: "done", did, note: "The Make connector was removed, so the scenarios were not started again: start them in Make." };
  }
  const settings = makeSettingsSchema.safeParse(connector.settings);
  if (!settings.success || connector.token === null) {
    return { status: stopping ? "failed" : "done", did, note: "The Make connector's settings are incomplete: add it again on Settings → Connectors." };
  }
  if (stopping && facts.scope === null) return { status: "skipped", did: null, note: "The budget no longer exists." };

  const api = createMakeApi({
    token: connector.token,
    baseUrl: options.makeBaseUrl ?? makeBaseUrl(settings.data.zone),
    fetch: options.fetch,
  });
  const step: StepResult = stopping
    ? await stopTaggedScenarios(api, settings.data.team_id, facts.scope ?? {}, did)
    : await startStoppedScenarios(api, did);
  await withService((tx) => noteConnectorHealth(tx, connector.id, step));

  if (step.ok) {
    if (stopping) return { status: step.nothingToDo ? "skipped" : "done", did: step.nothingToDo ? null : step.did, note: step.note };
    return { status: "undone", did: step.did, note: step.note };
  }
  const error = step.error instanceof MakeApiError ? step.error : null;
  const message = error?.message ?? `Unexpected error: ${String(step.error)}`;
  if (error?.retryable && run.attempts < MAX_ATTEMPTS) {
    const wait = retryDelayMs(run.attempts, { retryAfterSeconds: error.retryAfterSeconds, random: options.random ?? Math.random });
    return { status: null, did: step.did, note: `${message} Trying again.`, retryAt: new Date(Date.now() + wait) };
  }
  if (stopping) {
    const stoppedSome = step.did.stopped.length > 0 ? ` It had stopped ${step.did.stopped.length} scenario(s) first: Undo starts them again.` : "";
    return { status: "failed", did: step.did, note: `${message}${stoppedSome}` };
  }
  return { status: "done", did: step.did, note: `Could not start the scenarios again: ${message} Press Undo to try again.` };
}

type Facts = {
  connector: { id: string; settings: unknown; token: string | null } | null;
  scope: z.output<typeof budgetScopeSchema> | null;
};

async function readFacts(tx: TransactionSql, run: ClaimedRun): Promise<Facts> {
  const [connector] = await tx<{ id: string; settings: unknown; token: string | null }[]>`
    select c.id, c.settings, private.connector_credentials(c.id) as token
    from public.connectors c where c.id = ${run.target.connector_id} and c.provider = 'make'`;
  const [budget] = await tx<{ scope: unknown }[]>`select b.scope from public.budgets b where b.id = ${run.target.budget_id}`;
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
