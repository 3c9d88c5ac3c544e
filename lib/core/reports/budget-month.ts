/**
 * A budget against the actual spend of the periods that overlap a calendar month (pure; the time
 * is passed in): each period's spent and what it allowed (amount plus rollover, per subject for
 * per-subject budgets), summed over the periods, with the worst status among them and how many
 * went over. The same ledgers and rules as the budget's status (lib/core/budgets/status.ts), but
 * every period of the month — the status keeps only the latest HISTORY_PERIODS, too few for a
 * daily budget's month.
 *
 * A period that reaches outside the month (a quarter, a month from the 15th) counts whole, as the
 * budget counts it; one that has not ended yet counts so far. Periods before the one the budget
 * was created in are not its own (the status ignores them too), nor are periods not started yet.
 */
import { add, compare, formatDecimal, parseDecimal, ZERO, type Decimal } from "../money.ts";
import { effectiveAmount } from "../budgets/effective-amount.ts";
import { isRecurring, periodAt, periodBounds, type PeriodWindow } from "../budgets/periods.ts";
import { BUDGET_STATUSES, statusWord, type BudgetStatusWord, type StatusBudget, type StatusLedger } from "../budgets/status.ts";
import { percentOf } from "./spend-changes.ts";

export type BudgetMonthInput = {
  budget: StatusBudget;
  /** Its ledger rows since the period it was created in (as the status reads them). */
  ledgers: readonly StatusLedger[];
  /** The month [start, end), ms. */
  month: { start: number; end: number };
  now: number;
};

export type BudgetMonthFigures = {
  /** The first overlapping period's start and the last one's end, ISO (null: open). */
  start: string | null;
  end: string | null;
  periods: number;
  /** Whether the last period is still running at `now`. */
  ongoing: boolean;
  spent: string;
  /** What the periods allowed together, rollover included. */
  amount: string;
  /** spent / amount in percent, one decimal (approximate, for people). */
  percent: number;
  status: BudgetStatusWord;
  /** Periods that ended (or stand) over what they allowed. */
  exceeded: number;
  unpriced_events: number;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const severity = (word: BudgetStatusWord) => BUDGET_STATUSES.indexOf(word);
const worst = (words: readonly BudgetStatusWord[]): BudgetStatusWord => words.reduce((a, b) => (severity(b) > severity(a) ? b : a), "ok");

/** The budget's periods from the one it was created in up to the one holding `last`, oldest first (none when created later). */
function periodsUpTo(budget: StatusBudget, last: number): PeriodWindow[] {
  const createdIn = isRecurring(budget.period) ? (periodAt(budget.period, budget.timezone, budget.created_at)?.start ?? null) : null;
  if (createdIn !== null && createdIn > last) return [];
  const bounds = periodBounds(budget.period, budget.timezone, Math.min(budget.created_at, last), last);
  const windows: PeriodWindow[] = [];
  for (let index = 0; index + 1 < bounds.length; index += 1) windows.push({ start: bounds[index], end: bounds[index + 1] });
  return windows;
}

const overlaps = (window: PeriodWindow, month: { start: number; end: number }, now: number) =>
  (window.start === null || (window.start < month.end && window.start <= now)) && (window.end === null || window.end > month.start);

/** Null when no period of the budget overlaps the month (it did not exist yet, or a custom range elsewhere). */
export function budgetMonthFigures(input: BudgetMonthInput): BudgetMonthFigures | null {
  const { budget, ledgers, month, now } = input;
  const windows = periodsUpTo(budget, Math.min(month.end - 1, now));
  const inMonth = windows.map((window, index) => ({ window, index })).filter(({ window }) => overlaps(window, month, now));
  if (inMonth.length === 0) return null;

  const bySubject = new Map<string, Map<number | null, StatusLedger>>();
  for (const row of ledgers) {
    const rows = bySubject.get(row.subject) ?? new Map<number | null, StatusLedger>();
    rows.set(row.period_start, row);
    bySubject.set(row.subject, rows);
  }
  if (budget.per === null && !bySubject.has("")) bySubject.set("", new Map());
  const rollover = { enabled: budget.rollover, cap: budget.rollover_cap };
  const warnAt = parseDecimal(budget.warn_at_percent);

  // Each subject's spent per period since creation (only rollover needs the earlier ones).
  const spentBySubject = [...bySubject.values()].map((rows) => ({ rows, spent: windows.map((window) => rows.get(window.start)?.spent ?? "0") }));

  let spent: Decimal = ZERO;
  let amount: Decimal = ZERO;
  let unpriced = 0;
  let exceeded = 0;
  const words: BudgetStatusWord[] = [];
  for (const { window, index } of inMonth) {
    // Each subject has its own rollover; a per-subject budget's period adds its subjects up and takes the worst one's status.
    let periodSpent: Decimal = ZERO;
    let periodAmount: Decimal = ZERO;
    const subjectWords: BudgetStatusWord[] = [];
    for (const { rows, spent: subjectHistory } of spentBySubject) {
      const subjectSpent = parseDecimal(subjectHistory[index]);
      const subjectAmount = parseDecimal(effectiveAmount(budget.amount, rollover, rollover.enabled ? subjectHistory.slice(0, index) : []));
      periodSpent = add(periodSpent, subjectSpent);
      periodAmount = add(periodAmount, subjectAmount);
      unpriced += rows.get(window.start)?.unpriced_count ?? 0;
      subjectWords.push(statusWord(subjectSpent, subjectAmount, warnAt, null));
    }
    // A per-subject budget nobody spent against yet still allows its amount (as its status says).
    if (bySubject.size === 0) periodAmount = parseDecimal(budget.amount);
    const word = worst(subjectWords);
    if (word === "exceeded") exceeded += 1;
    words.push(word);
    spent = add(spent, periodSpent);
    amount = add(amount, periodAmount);
  }

  const first = inMonth[0].window;
  const lastWindow = inMonth[inMonth.length - 1].window;
  return {
    start: iso(first.start),
    end: iso(lastWindow.end),
    periods: inMonth.length,
    ongoing: lastWindow.end === null || lastWindow.end > now,
    spent: formatDecimal(spent),
    amount: formatDecimal(amount),
    percent: compare(amount, ZERO) > 0 ? percentOf(spent, amount) : 0,
    status: worst(words),
    exceeded,
    unpriced_events: unpriced,
  };
}
