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
import { readLedgersOf } from "@/lib/alerting/read-ledgers";
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

/**
 * The effective amount of a budget's subject now; only rollover budgets need their earlier ledgers
 * for it, read in one query for all of them.
 */
async function effectiveAmounts(tx: Tx, budgets: readonly AlertBudget[], now: number): Promise<(budget: AlertBudget, subject: string) => string> {
  const rolling = budgets.filter((budget) => budget.rollover);
  const since = (budget: AlertBudget) => periodAt(budget.period, budget.timezone, Math.min(budget.created_at, now))?.start ?? null;
  const ledgers = await readLedgersOf(tx, rolling.map((budget) => ({ budgetId: budget.id, from: since(budget) })));
  const effective = new Map(rolling.map((budget) => [budget.id, new Map(
    currentLimits({ budget, now, ledgers: ledgers.get(budget.id) ?? [] }).subjects.map((s) => [s.subject, s.effective]),
  )]));
  return (budget, subject) => effective.get(budget.id)?.get(subject) ?? budget.amount;
}

export async function alertOnSpend(
  tx: Tx,
  org: { id: string; currency: string },
  budgets: ReadonlyMap<string, AlertBudget>,
  changes: readonly LedgerChange[],
  now: number,
): Promise<void> {
  // Late events move past periods; alerts are about the period people are in.
  const moves = [...budgets.values()].flatMap((budget) => {
    const window = periodAt(budget.period, budget.timezone, now);
    const moved = window ? changes.filter((change) => change.budget_id === budget.id && startOf(change.period_start) === window.start) : [];
    return window && moved.length > 0 ? [{ budget, window, moved }] : [];
  });
  if (moves.length === 0) return;
  const effective = await effectiveAmounts(tx, moves.map((move) => move.budget), now);
  const observed: ObservedRule[] = [];
  for (const { budget, window, moved } of moves) {
    for (const change of moved) {
      for (const rule of budget.rules) {
        const amount = effective(budget, change.subject);
        const crossed = crossing(change.spent_before, change.spent, thresholdLine(amount, rule.threshold));
        if (crossed === null) continue;
        const { facts } = actualObservation(rule.threshold, { spent: change.spent, effective: amount }, org.currency);
        observed.push({ rule, subject: change.subject, breached: crossed === "up", periodStart: window.start, periodEnd: window.end, facts });
      }
    }
  }
  if (observed.length > 0) await asServiceRole(tx, () => applyObservations(tx, org.id, observed, now));
}
