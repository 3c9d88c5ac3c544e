/**
 * Reconciliation rules of one organization, after a cost sync (sync-connectors runs this in the
 * transaction that records the sync). Each settled day of the synced window is one episode per
 * rule and service — subject "<service> <day>" — that fires when the day is off by more than the
 * rule's tolerance and at least its minimum amount, and resolves when a later sync brings it back
 * (decide-alert.ts with period -infinity). Days the provider may not have settled, and days whose
 * billed side has no exchange rate, are not judged: a later sync will tell.
 *
 * Runtime-neutral (Node services and Deno edge functions): imports are relative with extensions.
 */
import type { TransactionSql } from "postgres";
import { compare, parseDecimal } from "../core/money.ts";
import { reconcile } from "../core/reconciliation/reconcile.ts";
import { readReconciliationFacts } from "../reconciliation/read-reconciliation-facts.ts";
import { applyObservations, type ObservedRule } from "./apply-observations.ts";
import { readRules } from "./rule-rows.ts";

const abs = (text: string) => parseDecimal(text.startsWith("-") ? text.slice(1) : text);

export async function evaluateReconciliationAlerts(tx: TransactionSql, orgId: string, window: { from: string; to: string }, now: number): Promise<string[]> {
  const rules = await readRules(tx, orgId, { kinds: ["reconciliation"] });
  if (rules.length === 0) return [];
  const [org] = await tx<{ base_currency: string }[]>`select base_currency from public.organizations where id = ${orgId}`;
  const facts = await readReconciliationFacts(tx, orgId, org.base_currency, window.from, window.to);
  const observed: ObservedRule[] = [];
  for (const rule of rules) {
    const days = reconcile({ ...facts, currency: org.base_currency, tolerancePercent: Number(rule.threshold) });
    for (const day of days) {
      const unsettled = facts.unsettledFrom[day.service];
      if ((rule.service !== null && rule.service !== day.service) || day.billed === null || day.difference === null) continue;
      if (unsettled !== undefined && day.day >= unsettled) continue;
      const breached = day.over_tolerance && compare(abs(day.difference), parseDecimal(rule.min_amount ?? "0")) >= 0;
      observed.push({
        rule,
        subject: `${day.service} ${day.day}`,
        breached,
        periodStart: null,
        periodEnd: null,
        facts: {
          kind: "reconciliation", currency: org.base_currency, service: day.service, day: day.day, priced: day.priced, billed: day.billed,
          difference: day.difference, difference_percent: day.difference_percent, threshold: Number(rule.threshold),
        },
      });
    }
  }
  return applyObservations(tx, orgId, observed, now);
}
