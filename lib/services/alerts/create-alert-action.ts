/**
 * Adds an automated action to an alert rule (admins; API keys with "write"), or with `dry_run`
 * only says what it would do if the rule fired now (previewAlertAction) and saves nothing.
 * `enforce_hard` needs a rule that watches a budget; `suspend_key_scope` a live key of the
 * organization; `stop_make_scenarios` a budget's rule and a Make connector of the organization —
 * its preview asks Make which scenarios are tagged, outside any transaction (a person waits on
 * Make, the database does not); `call_webhook` a verified, enabled webhook channel.
 */
import "server-only";
import type { z } from "zod";
import { budgetScopeSchema } from "@/lib/core/budgets/scope";
import type { Tx } from "@/lib/db";
import { readMakeCredentials } from "@/lib/services/connectors/connector-rows";
import { listTeamScenarios } from "@/lib/services/connectors/make-team";
import { InvalidError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectActions } from "./action-rows";
import { CreateAlertActionInput, type AlertAction, type ActionPreview } from "./action-schemas";
import { previewAlertAction, type ActionTarget } from "./preview-alert-action";
import { previewMakeStop } from "./preview-make-action";
import { previewWebhookCall } from "./preview-webhook-action";

type Created = { action: AlertAction | null; preview: ActionPreview };
type Wanted = z.output<typeof CreateAlertActionInput>;

export async function createAlertAction(caller: AlertCaller, input: CreateAlertActionInput): Promise<Created> {
  const wanted = parseInput(CreateAlertActionInput, input);
  if (wanted.kind === "stop_make_scenarios") return createMakeAction(caller, wanted);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    const budgetId = await ruleBudget(tx, org.id, wanted);
    let target: ActionTarget;
    if (wanted.kind === "call_webhook") {
      const preview = await previewWebhookCall(tx, org.id, wanted.channel_id ?? "");
      if (wanted.dry_run) return { action: null, preview };
      return { action: await insertAction(tx, org.id, caller, wanted), preview };
    }
    if (wanted.kind === "enforce_hard") {
      target = { budget_id: budgetId ?? "" };
    } else {
      const [key] = await tx`select 1 from public.api_keys where id = ${wanted.api_key_id ?? null} and org_id = ${org.id} and revoked_at is null`;
      if (!key) throw new InvalidError("That API key does not exist or was revoked.", { api_key_id: ["Choose a live key of this organization."] });
      target = { api_key_id: wanted.api_key_id ?? "", scope: wanted.scope ?? "" };
    }
    const preview = await previewAlertAction(tx, org.id, wanted.kind, target);
    if (wanted.dry_run) return { action: null, preview };
    return { action: await insertAction(tx, org.id, caller, wanted), preview };
  });
}

async function createMakeAction(caller: AlertCaller, wanted: Wanted): Promise<Created> {
  const facts = await asAlertCaller(caller, "manage", async (tx, org) => {
    const budgetId = await ruleBudget(tx, org.id, wanted);
    const [budget] = await tx<{ name: string; scope: unknown }[]>`select name, scope from public.budgets where id = ${budgetId} and org_id = ${org.id}`;
    const credentials = await readMakeCredentials(tx, org.id, wanted.connector_id ?? "").catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new InvalidError("That Make connector does not exist.", { connector_id: ["Choose a Make connector of this organization."] });
      throw error;
    });
    return { budgetName: budget.name, scope: budgetScopeSchema.parse(budget.scope), ...credentials };
  });
  const scenarios = await listTeamScenarios(facts.connector.settings, facts.token);
  const preview = previewMakeStop(scenarios, facts.scope, facts.budgetName, facts.connector);
  if (wanted.dry_run) return { action: null, preview };
  return asAlertCaller(caller, "manage", async (tx, org) => ({ action: await insertAction(tx, org.id, caller, wanted), preview }));
}

/** The rule's budget: null for a health rule, which only suspend_key_scope and call_webhook may act on. */
async function ruleBudget(tx: Tx, orgId: string, wanted: Wanted): Promise<string | null> {
  const [rule] = await tx<{ budget_id: string | null }[]>`select budget_id from public.alert_rules where id = ${wanted.rule_id} and org_id = ${orgId}`;
  if (!rule) throw new InvalidError("That alert rule does not exist.", { rule_id: ["That alert rule does not exist."] });
  if (rule.budget_id === null && (wanted.kind === "enforce_hard" || wanted.kind === "stop_make_scenarios")) {
    const message = `This rule watches no budget (a health rule): ${wanted.kind} needs a budget's rule.`;
    throw new InvalidError(message, { kind: [message] });
  }
  return rule.budget_id;
}

async function insertAction(tx: Tx, orgId: string, caller: AlertCaller, wanted: Wanted): Promise<AlertAction> {
  const createdBy = caller.kind === "user" ? caller.ctx.actor.userId : null;
  const [{ id }] = await tx<{ id: string }[]>`
    insert into public.alert_actions (org_id, rule_id, kind, api_key_id, scope, connector_id, channel_id, requires_approval, created_by)
    values (${orgId}, ${wanted.rule_id}, ${wanted.kind}, ${wanted.api_key_id ?? null}, ${wanted.scope ?? null}, ${wanted.connector_id ?? null},
      ${wanted.channel_id ?? null}, ${wanted.requires_approval}, ${createdBy})
    returning id`;
  const [action] = await selectActions(tx, orgId, { id });
  return action;
}
