/**
 * The budget ledgers an event counts in: for every active budget whose scope it matches, the
 * period its own timestamp falls in (a late event counts in its past period) and its subject.
 * Ingest and repricing attach these to each event; the SQL adds the event's cost to each.
 */
import { periodAt, type BudgetPeriod, type PeriodWindow } from "./periods.ts";
import { matchesScope, subjectOf, type BudgetScope, type ScopeDimension, type ScopedEvent } from "./scope.ts";

export type LedgerBudget = {
  id: string;
  scope: BudgetScope;
  per: ScopeDimension | null;
  period: BudgetPeriod;
  timeZone: string;
};

/** period_start "-infinity" stands for a lifetime budget without a start date. */
export type LedgerKey = { budget_id: string; period_start: string; subject: string };

export const OPEN_START = "-infinity";

/**
 * Finds ledger keys for many events: windows already seen are reused, since nearly every event
 * of a batch falls in a budget's current period (a time-zone lookup per event and budget would
 * dominate ingest otherwise).
 */
export function ledgerKeyFinder(budgets: readonly LedgerBudget[]): (event: ScopedEvent & { occurredAt: number }) => LedgerKey[] {
  const windows = new Map<string, PeriodWindow[]>();
  const windowFor = (budget: LedgerBudget, at: number): PeriodWindow | null => {
    const seen = windows.get(budget.id) ?? [];
    const known = seen.find((w) => (w.start === null || at >= w.start) && (w.end === null || at < w.end));
    if (known) return known;
    const found = periodAt(budget.period, budget.timeZone, at);
    if (found) windows.set(budget.id, [...seen, found]);
    return found;
  };
  return (event) => {
    const keys: LedgerKey[] = [];
    for (const budget of budgets) {
      if (!matchesScope(budget.scope, event)) continue;
      const subject = subjectOf(budget.per, event);
      if (subject === null) continue;
      const window = windowFor(budget, event.occurredAt);
      if (!window) continue;
      keys.push({ budget_id: budget.id, period_start: window.start === null ? OPEN_START : new Date(window.start).toISOString(), subject });
    }
    return keys;
  };
}
