/**
 * Creates an alert rule (admins; API keys with "write"). A budget rule is evaluated at once in
 * the same transaction, so a new 80 % rule on a budget already at 90 % fires now rather than at
 * the next crossing (which would never come).
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { evaluateBudgetAlerts } from "./evaluate-budget-alerts";
import { checkRuleBudget, checkRuleMembers } from "./rule-references";
import { selectRule } from "./rule-row";
import { CreateAlertRuleInput, type AlertRule } from "./rule-schemas";
import { ruleColumns } from "./rule-columns";

export async function createAlertRule(caller: AlertCaller, input: CreateAlertRuleInput, now = Date.now()): Promise<AlertRule> {
  const rule = parseInput(CreateAlertRuleInput, input);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    const budgetId = rule.kind === "health" || rule.kind === "reconciliation" ? null : rule.budget_id;
    if (budgetId) await checkRuleBudget(tx, org.id, budgetId);
    await checkRuleMembers(tx, org.id, rule.member_ids);
    const c = ruleColumns(rule);
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.alert_rules (org_id, budget_id, kind, threshold, window_minutes, min_amount, service, metric, min_requests, severity,
        member_ids, channel_ids, cooldown_minutes, enabled, muted_until)
      values (${org.id}, ${budgetId}, ${rule.kind}, ${c.threshold}, ${c.window_minutes}, ${c.min_amount}, ${c.service}, ${c.metric},
        ${c.min_requests}, ${c.severity}, ${c.member_ids}::uuid[], ${c.channel_ids}::uuid[], ${c.cooldown_minutes}, ${c.enabled}, ${c.muted_until})
      returning id`;
    if (budgetId) await evaluateBudgetAlerts(tx, org.id, [budgetId], now);
    return selectRule(tx, org.id, id);
  });
}
