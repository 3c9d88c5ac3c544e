/**
 * Actual-spend rules at ingest (DESIGN §4): the ledger rows a batch moved, before and after, are
 * checked against each rule's line (threshold % of the period's effective amount). Only a
 * crossing (before < line ≤ after, or back below after repricing) is worth a look at the alert
 * history, so a batch that crosses nothing costs no query at all. The ledger rows are locked by
 * the batch's own update, so two batches never both see the same crossing. Repricing moves
 * ledgers the same way and comes through here too.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { applyObservations, type ObservedRule } from "@/lib/alerting/apply-observations";
import { readLedgers } from "@/lib/alerting/read-ledgers";
import type { RuleRow } from "@/lib/alerting/rule-rows";
import { actualObservation } from "@/lib/core/alerts/budget-observations";
import { crossing, thresholdLine } from "@/lib/core/alerts/threshold-line";
import { periodAt } from "@/lib/core/budgets/periods";
import { currentLimits, type StatusBudget } from "@/lib/core/budgets/status";
import { asServiceRole } from "@/lib/services/as-service-role";

/** A budget with actual-spend rules, as ingest reads it with the organization's pricing. */
export type AlertBudget = StatusBudget & { id: string; rules: RuleRow[] };

/** One ledger row a batch moved (private.add_to_ledgers returns them). */
export type LedgerChange = { budget_id: string; period_start: Date; subject: string; spent_before: string; spent: string };

const startOf = (at: Date) => (Number.isFinite(at.getTime()) ? at.getTime() : null);

/** The effective amount of each subject now; only rollover budgets need their earlier ledgers for it. */
async function effectiveAmounts(tx: Tx, budget: AlertBudget, now: number): Promise<(subject: string) => string> {
  if (!budget.rollover) return () => budget.amount;
  const first = periodAt(budget.period, budget.timezone, Math.min(budget.created_at, now));
  const { subjects } = currentLimits({ budget, now, ledgers: await readLedgers(tx, budget.id, first?.start ?? null) });
  const bySubject = new Map(subjects.map((s) => [s.subject, s.effective]));
  return (subject) => bySubject.get(subject) ?? budget.amount;
}

export async function alertOnSpend(
  tx: Tx,
  org: { id: string; currency: string },
  budgets: ReadonlyMap<string, AlertBudget>,
  changes: readonly LedgerChange[],
  now: number,
): Promise<void> {
  const observed: ObservedRule[] = [];
  for (const [budgetId, budget] of budgets) {
    const window = periodAt(budget.period, budget.timezone, now);
    // Late events move past periods; alerts are about the period people are in.
    const moved = changes.filter((change) => change.budget_id === budgetId && window && startOf(change.period_start) === window.start);
    if (!window || moved.length === 0) continue;
    const effective = await effectiveAmounts(tx, budget, now);
    for (const change of moved) {
      for (const rule of budget.rules) {
        const amount = effective(change.subject);
        const crossed = crossing(change.spent_before, change.spent, thresholdLine(amount, rule.threshold));
        if (crossed === null) continue;
        const { facts } = actualObservation(rule.threshold, { spent: change.spent, effective: amount }, org.currency);
        observed.push({ rule, subject: change.subject, breached: crossed === "up", periodStart: window.start, periodEnd: window.end, facts });
      }
    }
  }
  if (observed.length > 0) await asServiceRole(tx, () => applyObservations(tx, org.id, observed, now));
}
