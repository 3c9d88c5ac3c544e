/**
 * A budget's status at an instant (pure; the time is passed in): what was spent in the current
 * period, what the period allows (amount plus rollover), what is left, how fast it burns, where
 * the forecast lands at the period end, and a status word.
 *
 * Thresholds, worst first (a budget has exactly one):
 *   exceeded           spent > effective amount
 *   critical           spent ≥ max(90, warn_at_percent) % of it (reaching the amount exactly is critical, not exceeded)
 *   forecast_to_exceed the median forecast at the period end is above it while spent is still under the critical line
 *   warning            spent ≥ warn_at_percent %
 *   ok                 otherwise
 * Money (spent, effective, remaining, history) is exact decimal strings compared exactly; percent,
 * burn rate and the forecast are approximate numbers for people and charts.
 *
 * Per-subject budgets ("each end user $5 a month"): every subject has its own amount, rollover
 * and status; the budget's status is its worst subject's, and its totals add the subjects up.
 * The forecast is for whole budgets only (one subject's history is usually too thin to forecast).
 */
import { add, compare, formatDecimal, multiply, parseDecimal, subtract, ZERO, type Decimal } from "../money.ts";
import { forecastSpend } from "../forecast/forecast-spend.ts";
import type { Forecast, ForecastInput } from "../forecast/schema.ts";
import { localDate } from "../time/local-date.ts";
import { effectiveAmount } from "./effective-amount.ts";
import { isRecurring, periodAt, periodBounds, type BudgetPeriod, type PeriodWindow } from "./periods.ts";

export const BUDGET_STATUSES = ["ok", "warning", "forecast_to_exceed", "critical", "exceeded"] as const;
export type BudgetStatusWord = (typeof BUDGET_STATUSES)[number];

export const CRITICAL_PERCENT = 90;
/** Subjects listed for a per-subject budget (by spent, largest first). */
export const TOP_SUBJECTS = 20;
/** Past periods listed (most recent first). */
export const HISTORY_PERIODS = 24;
/** Periods walked back for rollover: a daily budget carries savings for up to ~3 years. */
const MAX_PERIODS = 1_100;
const DAY_MS = 86_400_000;
/** A stored forecast (run-forecasts, hourly) is used while it is this fresh; older, the status computes one. */
export const FORECAST_FRESH_MS = 2 * 3_600_000;

/**
 * Whether a stored forecast answers for the period starting at `periodStart` at `now`. When it
 * does, the daily series need not be read at all (reading it is the costly part of a status).
 */
export function isFreshForecast(stored: { period_start: number | null; computed_at: number }, periodStart: number | null, now: number): boolean {
  return stored.period_start === periodStart && stored.computed_at <= now && now - stored.computed_at <= FORECAST_FRESH_MS;
}
/** Days of daily history the forecast reads (its backtest compares methods over the last 42 days and more). */
export const SERIES_DAYS = 120;

export type StatusBudget = {
  amount: string;
  period: BudgetPeriod;
  timezone: string;
  per: string | null;
  rollover: boolean;
  rollover_cap: string | null;
  warn_at_percent: string;
  created_at: number;
};

/** One ledger row: period_start in ms (null for a lifetime ledger without a start). */
export type StatusLedger = {
  period_start: number | null;
  subject: string;
  spent: string;
  event_count: number;
  unpriced_count: number;
  /** Held by pre-spend reservations not settled yet (lib/services/checks); counts against remaining, not spent. */
  reserved?: string;
};

export type StatusInput = {
  budget: StatusBudget;
  now: number;
  /** Ledger rows of every period from the budget's creation period to the current one. */
  ledgers: readonly StatusLedger[];
  /** Spend of the budget's scope per complete local day, oldest first, ending yesterday (for the forecast). */
  dailySeries: readonly number[];
  /** The forecast stored for the budget (subject ''), if any: used when fresh and for the current period. */
  stored?: StoredForecast | null;
};

/** A row of public.budget_forecasts: period_start null for a period without a start. */
export type StoredForecast = { period_start: number | null; computed_at: number; forecast: Forecast };

export type AmountStatus = { spent: string; reserved: string; effective_amount: string; remaining: string; percent: number; status: BudgetStatusWord };

export type BudgetStatus = AmountStatus & {
  period: { start: string | null; end: string | null; state: "not_started" | "current" | "ended" };
  event_count: number;
  /** Events in the period without a known cost: spend may be higher than shown. */
  unpriced_events: number;
  /** Per day over the elapsed part of the period (approximate); null when the period has no start. */
  burn_rate_per_day: number | null;
  /** Approximate: the chosen method, its backtest error, and the cumulative 80% / 95% bands to the period end. */
  forecast: {
    approximate: true;
    /** When the forecast was computed: the stored one's time, or now when computed on request. */
    computed_at: string;
    method: Forecast["method"];
    backtest_error: number | null;
    at_period_end: { p2_5: number; p10: number; p50: number; p90: number; p97_5: number };
    cumulative: Forecast["cumulative"];
    exhaustion_date: string | null;
    earliest_exhaustion_date: string | null;
    notes: string[];
  } | null;
  forecast_note: string | null;
  subjects: (AmountStatus & { subject: string; unpriced_events: number })[] | null;
  subject_count: number;
  history: { start: string | null; end: string | null; spent: string; effective_amount: string; status: BudgetStatusWord }[];
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const HUNDRED = parseDecimal("100");

/** Exact threshold test: spent × 100 ≥ percent × amount. */
function atLeastPercent(spent: Decimal, amount: Decimal, percent: Decimal): boolean {
  return compare(multiply(spent, HUNDRED), multiply(percent, amount)) >= 0;
}

export function statusWord(spent: Decimal, effective: Decimal, warnAt: Decimal, forecastEnd: number | null): BudgetStatusWord {
  const critical = compare(warnAt, parseDecimal(String(CRITICAL_PERCENT))) > 0 ? warnAt : parseDecimal(String(CRITICAL_PERCENT));
  if (compare(spent, effective) > 0) return "exceeded";
  if (atLeastPercent(spent, effective, critical)) return "critical";
  if (forecastEnd !== null && forecastEnd > Number(formatDecimal(effective))) return "forecast_to_exceed";
  if (atLeastPercent(spent, effective, warnAt)) return "warning";
  return "ok";
}

/** remaining = effective − spent − reserved (what the pre-spend check answers), never below 0. */
function amountStatus(spent: Decimal, reserved: Decimal, effective: Decimal, warnAt: Decimal, forecastEnd: number | null): AmountStatus {
  const remaining = subtract(subtract(effective, spent), reserved);
  const percent = (Number(formatDecimal(spent)) / Number(formatDecimal(effective))) * 100;
  return {
    spent: formatDecimal(spent),
    reserved: formatDecimal(reserved),
    effective_amount: formatDecimal(effective),
    remaining: formatDecimal(compare(remaining, ZERO) > 0 ? remaining : ZERO),
    percent: Math.round(percent * 10) / 10,
    status: statusWord(spent, effective, warnAt, forecastEnd),
  };
}

const WORST_FIRST: readonly BudgetStatusWord[] = [...BUDGET_STATUSES].reverse();

/** The window the status is about: the current one, or a one-off period's only window before it starts / after it ends. */
function currentWindow(period: BudgetPeriod, timezone: string, now: number): PeriodWindow {
  const found = periodAt(period, timezone, now);
  if (found) return found;
  const [start, end] = periodBounds(period, timezone, now, now);
  return { start: start ?? null, end: end ?? null };
}

/** The periods since the budget was created, oldest first, ending with the current one. */
function periodsSinceCreation(budget: StatusBudget, current: PeriodWindow): PeriodWindow[] {
  if (!isRecurring(budget.period) || current.start === null) return [current];
  const bounds = periodBounds(budget.period, budget.timezone, Math.min(budget.created_at, current.start), current.start);
  const windows: PeriodWindow[] = [];
  for (let index = 0; index + 1 < bounds.length; index += 1) windows.push({ start: bounds[index], end: bounds[index + 1] });
  return windows.slice(-MAX_PERIODS);
}

/** What forecastSpend is asked for the current period, or why there is no forecast. */
function forecastRequest(input: StatusInput, window: PeriodWindow, spent: Decimal, effective: Decimal): { request: ForecastInput } | { note: string } {
  const { budget, now } = input;
  if (window.end === null) return { note: "A lifetime budget has no period end to forecast." };
  if (window.start !== null && now < window.start) return { note: "The period has not started." };
  if (now >= window.end) return { note: "The period has ended." };
  const today = localDate(now, budget.timezone);
  const lastDay = localDate(window.end - 1, budget.timezone);
  const horizonDays = Math.round((Date.parse(lastDay) - Date.parse(today)) / DAY_MS) + 1;
  if (horizonDays > 400) return { note: "The period end is more than 400 days away: too far to forecast." };
  const tomorrowStart = periodAt({ kind: "daily" }, budget.timezone, now)!.end!;
  const todayStart = periodAt({ kind: "daily" }, budget.timezone, now)!.start!;
  return {
    request: {
      series: [...input.dailySeries],
      horizonDays,
      firstDate: today,
      spentSoFar: Math.max(0, Number(formatDecimal(spent))),
      firstDayFraction: Math.max(1e-6, (tomorrowStart - now) / (tomorrowStart - todayStart)),
      budgetAmount: Number(formatDecimal(effective)),
    },
  };
}

function forecastFor(input: StatusInput, window: PeriodWindow, spent: Decimal, effective: Decimal): { forecast: BudgetStatus["forecast"]; note: string | null } {
  const asked = forecastRequest(input, window, spent, effective);
  if ("note" in asked) return { forecast: null, note: asked.note };
  const { stored, now } = input;
  const fresh = stored && isFreshForecast(stored, window.start, now);
  const result = fresh ? stored.forecast : forecastSpend(asked.request);
  const today = asked.request.firstDate;
  const end = result.cumulative.at(-1);
  if (!end) return { forecast: null, note: "Nothing left of the period to forecast." };
  return {
    forecast: {
      approximate: true,
      computed_at: new Date(fresh ? stored.computed_at : now).toISOString(),
      method: result.method,
      backtest_error: result.backtestError,
      at_period_end: { p2_5: end.p2_5, p10: end.p10, p50: end.p50, p90: end.p90, p97_5: end.p97_5 },
      cumulative: result.cumulative,
      exhaustion_date: result.exhaustion?.alreadyReached ? today : (result.exhaustion?.p50Date ?? null),
      earliest_exhaustion_date: result.exhaustion?.alreadyReached ? today : (result.exhaustion?.earliestDate ?? null),
      notes: result.notes,
    },
    note: null,
  };
}

/** Ledger rows per subject ("" for a plain budget) per period start. */
function ledgersBySubject(ledgers: readonly StatusLedger[]): Map<string, Map<number | null, StatusLedger>> {
  const bySubject = new Map<string, Map<number | null, StatusLedger>>();
  for (const row of ledgers) {
    const rows = bySubject.get(row.subject) ?? new Map<number | null, StatusLedger>();
    rows.set(row.period_start, row);
    bySubject.set(row.subject, rows);
  }
  return bySubject;
}

/** One subject's current period: spent, reserved, and the effective amount after rollover from the previous periods. */
function subjectTotals(budget: StatusBudget, rows: Map<number | null, StatusLedger> | undefined, window: PeriodWindow, previous: readonly PeriodWindow[]) {
  const previousSpent = previous.map((p) => rows?.get(p.start)?.spent ?? "0");
  const effective = parseDecimal(effectiveAmount(budget.amount, { enabled: budget.rollover, cap: budget.rollover_cap }, previousSpent));
  const current = rows?.get(window.start);
  return { spent: parseDecimal(current?.spent ?? "0"), reserved: parseDecimal(current?.reserved ?? "0"), effective, events: current?.event_count ?? 0, unpriced: current?.unpriced_count ?? 0, previousSpent };
}

/**
 * The forecast of a whole budget's current period, to store (run-forecasts): the same request
 * the status makes, always computed. Null when there is nothing to forecast (per-subject budgets,
 * a period not started, ended or without an end).
 */
export function currentForecast(input: StatusInput): { period_start: number | null; forecast: Forecast } | null {
  const { budget, now } = input;
  if (budget.per !== null) return null;
  const window = currentWindow(budget.period, budget.timezone, now);
  const previous = periodsSinceCreation(budget, window).slice(0, -1);
  const totals = subjectTotals(budget, ledgersBySubject(input.ledgers).get(""), window, previous);
  const asked = forecastRequest(input, window, totals.spent, totals.effective);
  return "note" in asked ? null : { period_start: window.start, forecast: forecastSpend(asked.request) };
}

export function budgetStatus(input: StatusInput): BudgetStatus {
  const { budget, now } = input;
  const window = currentWindow(budget.period, budget.timezone, now);
  const periods = periodsSinceCreation(budget, window);
  const rollover = { enabled: budget.rollover, cap: budget.rollover_cap };
  const warnAt = parseDecimal(budget.warn_at_percent);
  const amount = parseDecimal(budget.amount);

  const bySubject = ledgersBySubject(input.ledgers);
  if (budget.per === null && !bySubject.has("")) bySubject.set("", new Map());
  const previous = periods.slice(0, -1);
  const subjectStatus = (rows: Map<number | null, StatusLedger> | undefined) => subjectTotals(budget, rows, window, previous);

  const subjects = [...bySubject.entries()].map(([subject, rows]) => ({ subject, ...subjectStatus(rows) }));
  const total = subjects.reduce(
    (sum, s) => ({
      spent: add(sum.spent, s.spent),
      reserved: add(sum.reserved, s.reserved),
      effective: add(sum.effective, s.effective),
      events: sum.events + s.events,
      unpriced: sum.unpriced + s.unpriced,
    }),
    { spent: ZERO, reserved: ZERO, effective: ZERO, events: 0, unpriced: 0 },
  );
  const elapsedStart = window.start;
  const elapsedDays = elapsedStart === null ? null : Math.max(0, Math.min(now, window.end ?? now) - elapsedStart) / DAY_MS;
  const burnRate = elapsedDays === null || elapsedDays === 0 ? null : Number((Number(formatDecimal(total.spent)) / elapsedDays).toPrecision(6));
  const state = window.start !== null && now < window.start ? "not_started" : window.end !== null && now >= window.end ? "ended" : "current";

  if (budget.per === null) {
    const plain = subjects[0];
    const { forecast, note } = forecastFor(input, window, plain.spent, plain.effective);
    const history = previous.map((p, index) => {
      const effective = parseDecimal(effectiveAmount(budget.amount, rollover, plain.previousSpent.slice(0, index)));
      const spent = parseDecimal(plain.previousSpent[index]);
      return { start: iso(p.start), end: iso(p.end), spent: formatDecimal(spent), effective_amount: formatDecimal(effective), status: statusWord(spent, effective, warnAt, null) };
    });
    return {
      ...amountStatus(plain.spent, plain.reserved, plain.effective, warnAt, forecast?.at_period_end.p50 ?? null),
      period: { start: iso(window.start), end: iso(window.end), state },
      event_count: plain.events,
      unpriced_events: plain.unpriced,
      burn_rate_per_day: burnRate,
      forecast,
      forecast_note: note,
      subjects: null,
      subject_count: 0,
      history: history.reverse().slice(0, HISTORY_PERIODS),
    };
  }

  const listed = subjects
    .map((s) => ({ subject: s.subject, unpriced_events: s.unpriced, ...amountStatus(s.spent, s.reserved, s.effective, warnAt, null) }))
    .sort((a, b) => compare(parseDecimal(b.spent), parseDecimal(a.spent)) || a.subject.localeCompare(b.subject));
  const worst = WORST_FIRST.find((word) => listed.some((s) => s.status === word)) ?? "ok";
  // A past period: the subjects' totals, and the worst subject's status then.
  const historyTotals = previous.map((p, index) => {
    let spent = ZERO;
    let effective = ZERO;
    const words = subjects.map((s) => {
      const subjectSpent = parseDecimal(s.previousSpent[index]);
      const subjectEffective = parseDecimal(effectiveAmount(budget.amount, rollover, s.previousSpent.slice(0, index)));
      spent = add(spent, subjectSpent);
      effective = add(effective, subjectEffective);
      return statusWord(subjectSpent, subjectEffective, warnAt, null);
    });
    const status = WORST_FIRST.find((word) => words.includes(word)) ?? "ok";
    return { start: iso(p.start), end: iso(p.end), spent: formatDecimal(spent), effective_amount: formatDecimal(subjects.length === 0 ? amount : effective), status };
  });
  const totalEffective = listed.length === 0 ? amount : total.effective;
  return {
    ...amountStatus(total.spent, total.reserved, totalEffective, warnAt, null),
    status: worst,
    period: { start: iso(window.start), end: iso(window.end), state },
    event_count: total.events,
    unpriced_events: total.unpriced,
    burn_rate_per_day: burnRate,
    forecast: null,
    forecast_note: "Per-subject budgets are not forecast: each subject has its own amount.",
    subjects: listed.slice(0, TOP_SUBJECTS),
    subject_count: listed.length,
    history: historyTotals.reverse().slice(0, HISTORY_PERIODS),
  };
}

/**
 * Every subject's spent and effective amount (rollover included) in the current period — what
 * the alert rules compare against (lib/core/alerts/budget-observations.ts). Unlike the status,
 * no subject is left out. `ledgers` as for the status (since the period the budget was created in).
 */
export function currentLimits(input: Pick<StatusInput, "budget" | "now" | "ledgers">): { window: PeriodWindow; subjects: { subject: string; spent: string; effective: string }[] } {
  const { budget, now } = input;
  const window = currentWindow(budget.period, budget.timezone, now);
  const previous = periodsSinceCreation(budget, window).slice(0, -1);
  const bySubject = ledgersBySubject(input.ledgers);
  if (budget.per === null && !bySubject.has("")) bySubject.set("", new Map());
  const subjects = [...bySubject.entries()].map(([subject, rows]) => {
    const totals = subjectTotals(budget, rows, window, previous);
    return { subject, spent: formatDecimal(totals.spent), effective: formatDecimal(totals.effective) };
  });
  return { window, subjects };
}
