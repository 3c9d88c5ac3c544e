/**
 * The spent amount of each period before the current one, oldest first, since the period the
 * budget was created in: what effectiveAmount (lib/core/budgets/effective-amount.ts) rolls over.
 * Periods without a ledger row spent nothing (an idle period still carries its amount). One-off
 * periods (custom, lifetime) have no history.
 */
import { nextPeriod, periodAt, type BudgetPeriod, type PeriodWindow } from "../budgets/periods.ts";

/** At most this many earlier periods count (ten years of days); older savings were capped long ago in practice. */
export const MAX_ROLLOVER_PERIODS = 3660;

export function previousSpent(
  period: BudgetPeriod,
  timeZone: string,
  createdAt: number,
  current: PeriodWindow,
  spentByStart: ReadonlyMap<string, string>,
): string[] {
  if (current.start === null) return [];
  let window = periodAt(period, timeZone, createdAt);
  const spent: string[] = [];
  while (window && window.start !== null && window.start < current.start && spent.length < MAX_ROLLOVER_PERIODS) {
    spent.push(spentByStart.get(new Date(window.start).toISOString()) ?? "0");
    window = nextPeriod(period, timeZone, window);
  }
  return spent;
}
