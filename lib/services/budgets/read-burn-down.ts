/**
 * The actual side of a budget's burn-down: cumulative spend in the period at the end of each
 * local day so far, and at this instant — exact decimal strings, in one query.
 *
 * The days come from private.budget_daily_series, the forecast's own input (the budget's ledgers
 * for a daily budget, the scope's raw events otherwise), asked "as of" the start of tomorrow in
 * the budget's zone so today's spend so far is one of its days. The period's spent (the ledger)
 * minus what those days add up to is spend the days do not show — from before a window shortened
 * to MAX_DAYS, or raw events retention already dropped — and starts the line; usually it is 0.
 *
 * One-off periods: a custom period is drawn like any other, from its first to its last day. A
 * lifetime period has no end (so no ideal line and no forecast); it is drawn from its start date,
 * or without one from the first day with spend in the last MAX_DAYS days.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import type { BudgetStatus } from "@/lib/core/budgets/status";
import { add, formatDecimal, parseDecimal, subtract, sum, ZERO } from "@/lib/core/money";
import { addDays, localDate, localTimeToUtc } from "@/lib/core/time/local-date";
import type { Budget } from "./budget-row";

/** Days drawn at most: a yearly period fits, and the forecast never reaches further (400 days). */
export const BURN_DOWN_MAX_DAYS = 400;

export type BurnDown = {
  /** Where the line starts: the period start, or later when the window was shortened (ISO instant). */
  start: string;
  /** The period end; null for a lifetime budget. */
  end: string | null;
  /** The last point: now, or the end of a period that is over. */
  as_of: string;
  /** Cumulative spent at `start`, at the end of each local day, and at `as_of` (the period's spent, exactly). */
  actual: { at: string; spent: string }[];
  /** Spend before `start` that the daily series does not hold (drawn as the line's first value). */
  before_start: string;
};

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const startOfDate = (date: string, timeZone: string) => localTimeToUtc(date, 0, timeZone);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** Null when there is nothing to draw: a per-subject budget (each subject has its own amount) or a period not started. */
export async function readBurnDown(tx: Tx, budget: Budget, status: BudgetStatus, now: number): Promise<BurnDown | null> {
  if (budget.per !== null || status.period.state === "not_started") return null;
  const tz = budget.timezone;
  const periodStart = status.period.start === null ? null : Date.parse(status.period.start);
  const periodEnd = status.period.end === null ? null : Date.parse(status.period.end);
  const asOf = periodEnd !== null && now >= periodEnd ? periodEnd : now;
  const lastDate = localDate(asOf - (asOf === periodEnd ? 1 : 0), tz);
  const earliest = addDays(lastDate, -(BURN_DOWN_MAX_DAYS - 1));
  const firstDate = periodStart === null || localDate(periodStart, tz) < earliest ? earliest : localDate(periodStart, tz);

  const rows = await tx<{ day: string; spent: string }[]>`
    select day::text as day, spent::text as spent
    from private.budget_daily_series(${budget.id}, ${daysBetween(firstDate, lastDate) + 1}, ${new Date(startOfDate(addDays(lastDate, 1), tz))})
    order by day`;
  const byDay = new Map(rows.map((row) => [row.day, parseDecimal(row.spent)]));

  // Without a start date, a lifetime line begins on its first day with spend.
  const fromDate = periodStart === null ? (rows[0]?.day ?? lastDate) : firstDate;
  const start = periodStart !== null && fromDate === localDate(periodStart, tz) ? periodStart : startOfDate(fromDate, tz);
  const beforeStart = subtract(parseDecimal(status.spent), sum(byDay.values()));

  const actual = [{ at: iso(start), spent: formatDecimal(beforeStart) }];
  let cumulative = beforeStart;
  for (let date = fromDate; date <= lastDate; date = addDays(date, 1)) {
    cumulative = add(cumulative, byDay.get(date) ?? ZERO);
    const at = date === lastDate ? asOf : startOfDate(addDays(date, 1), tz);
    actual.push({ at: iso(at), spent: formatDecimal(cumulative) });
  }
  return { start: iso(start), end: periodEnd === null ? null : iso(periodEnd), as_of: iso(asOf), actual, before_start: formatDecimal(beforeStart) };
}
