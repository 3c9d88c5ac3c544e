/**
 * Changes an alert rule (admins; API keys with "write"): only the fields sent; its kind and
 * budget stay. The rule that results is validated whole for its kind (a metric switched to
 * error_rate needs a threshold ≤ 100 %), and a budget rule is evaluated again in the same
 * transaction — a lower threshold, an unmute or turning it back on can fire at once. Another
 * organization's rule is not found, and nothing changes.
 */
import "server-only";
import { InvalidError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { evaluateBudgetAlerts } from "./evaluate-budget-alerts";
import { checkRuleMembers } from "./rule-references";
import { ruleColumns } from "./rule-columns";
import { selectRule } from "./rule-row";
import { RULE_KIND_SCHEMAS, RuleIdInput, UpdateAlertRuleInput, type AlertRule } from "./rule-schemas";

/** The rule after the changes, validated as its kind; fields the kind does not use are refused by name. */
function mergedRule(before: AlertRule, changes: Partial<Record<string, unknown>>) {
  const schema = RULE_KIND_SCHEMAS[before.kind];
  const fields = Object.keys(schema.shape);
  const foreign = Object.keys(changes).filter((field) => !fields.includes(field));
  if (foreign.length) {
    throw new InvalidError(`${foreign.join(", ")} ${foreign.length === 1 ? "is" : "are"} not used by ${before.kind} rules.`,
      Object.fromEntries(foreign.map((field) => [field, [`Not used by ${before.kind} rules.`]])));
  }
  const merged: Record<string, unknown> = { ...before, ...changes };
  const candidate = Object.fromEntries(fields.map((field) => [field, merged[field]]));
  // muted_until was checked as sent (a time in the future); a past one kept from before is harmless.
  const rule = parseInput(schema, { ...candidate, muted_until: null });
  return { ...rule, muted_until: (merged.muted_until as string | null) ?? null };
}

export async function updateAlertRule(caller: AlertCaller, ruleId: string, input: UpdateAlertRuleInput, now = Date.now()): Promise<AlertRule> {
  const { ruleId: id } = parseInput(RuleIdInput, { ruleId });
  const changes = parseInput(UpdateAlertRuleInput, input);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    const before = await selectRule(tx, org.id, id);
    const c = ruleColumns(mergedRule(before, changes));
    if (changes.member_ids) await checkRuleMembers(tx, org.id, c.member_ids);
    await tx`
      update public.alert_rules set threshold = ${c.threshold}, window_minutes = ${c.window_minutes}, min_amount = ${c.min_amount},
        service = ${c.service}, metric = ${c.metric}, min_requests = ${c.min_requests}, severity = ${c.severity},
        member_ids = ${c.member_ids}::uuid[], channel_ids = ${c.channel_ids}::uuid[], cooldown_minutes = ${c.cooldown_minutes},
        enabled = ${c.enabled}, muted_until = ${c.muted_until}
      where id = ${id} and org_id = ${org.id}`;
    if (before.budget_id) await evaluateBudgetAlerts(tx, org.id, [before.budget_id], now);
    return selectRule(tx, org.id, id);
  });
}
