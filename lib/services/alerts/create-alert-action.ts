/**
 * Adds an automated action to an alert rule (admins; API keys with "write"), or with `dry_run`
 * only says what it would do if the rule fired now (previewAlertAction) and saves nothing.
 * `enforce_hard` needs a rule that watches a budget; `suspend_key_scope` a live key of the
 * organization.
 */
import "server-only";
import { InvalidError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectActions } from "./action-rows";
import { CreateAlertActionInput, type AlertAction, type ActionPreview } from "./action-schemas";
import { previewAlertAction, type ActionTarget } from "./preview-alert-action";

export async function createAlertAction(caller: AlertCaller, input: CreateAlertActionInput): Promise<{ action: AlertAction | null; preview: ActionPreview }> {
  const wanted = parseInput(CreateAlertActionInput, input);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    const [rule] = await tx<{ budget_id: string | null }[]>`select budget_id from public.alert_rules where id = ${wanted.rule_id} and org_id = ${org.id}`;
    if (!rule) throw new InvalidError("That alert rule does not exist.", { rule_id: ["That alert rule does not exist."] });
    let target: ActionTarget;
    if (wanted.kind === "enforce_hard") {
      if (rule.budget_id === null) {
        const message = "This rule watches no budget (a health rule): enforce_hard needs a budget's rule.";
        throw new InvalidError(message, { kind: [message] });
      }
      target = { budget_id: rule.budget_id };
    } else {
      const [key] = await tx`select 1 from public.api_keys where id = ${wanted.api_key_id ?? null} and org_id = ${org.id} and revoked_at is null`;
      if (!key) throw new InvalidError("That API key does not exist or was revoked.", { api_key_id: ["Choose a live key of this organization."] });
      target = { api_key_id: wanted.api_key_id ?? "", scope: wanted.scope ?? "" };
    }
    const preview = await previewAlertAction(tx, org.id, wanted.kind, target);
    if (wanted.dry_run) return { action: null, preview };

    const createdBy = caller.kind === "user" ? caller.ctx.actor.userId : null;
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.alert_actions (org_id, rule_id, kind, api_key_id, scope, requires_approval, created_by)
      values (${org.id}, ${wanted.rule_id}, ${wanted.kind}, ${wanted.api_key_id ?? null}, ${wanted.scope ?? null}, ${wanted.requires_approval}, ${createdBy})
      returning id`;
    const [action] = await selectActions(tx, org.id, { id });
    return { action, preview };
  });
}
