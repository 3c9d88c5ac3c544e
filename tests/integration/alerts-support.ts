/** Shared by the alerts-* suites: budgets with rules, and alerts fired the way the evaluators record them. */
import { expect } from "vitest";
import type { superuserSql } from "./org-support.ts";
import type { AlertFacts } from "../../lib/core/alerts/alert-facts.ts";

type Sql = ReturnType<typeof superuserSql>;

/** A monthly budget of `amount` (its default rules come with it: actual 50/80/100 %, forecast 100 %). */
export async function insertBudget(sql: Sql, orgId: string, name: string, amount = "1000"): Promise<string> {
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    values (${orgId}, ${name}, ${amount}, 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC') returning id`;
  return budget.id;
}

export async function ruleOf(sql: Sql, budgetId: string, kind: string, threshold: number): Promise<string> {
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} and kind = ${kind} and threshold = ${threshold}`;
  expect(rule, `${kind} ${threshold} rule`).toBeDefined();
  return rule.id;
}

export const actualFacts = (threshold: number, spent: string, amount = "1000"): AlertFacts => ({
  kind: "actual", currency: "USD", threshold, amount, spent, percent: Math.round((Number(spent) / Number(amount)) * 10_000) / 100,
});

/** Fires one alert of `ruleId` for the current month through private.record_alerts; returns its id. */
export async function fireAlert(sql: Sql, orgId: string, ruleId: string, facts: AlertFacts, notify: "sent" | "muted" | "cooldown" = "sent"): Promise<string> {
  const now = new Date();
  const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const periodEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const [row] = await sql<{ id: string }[]>`
    select id from private.record_alerts(${orgId}, ${sql.json({ fire: [{ rule_id: ruleId, subject: "", period_start: periodStart, period_end: periodEnd, facts, notify }] })}) as id`;
  expect(row, "record_alerts wrote the alert").toBeDefined();
  return row.id;
}

export async function resolveAlert(sql: Sql, orgId: string, alertId: string): Promise<void> {
  await sql`select private.record_alerts(${orgId}, ${sql.json({ resolve: [{ alert_id: alertId, reason: "condition_cleared", facts: null }] })})`;
}
