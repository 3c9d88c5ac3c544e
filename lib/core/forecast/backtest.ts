/**
 * Rolling-origin backtest (time-series cross-validation): stand at a past day (the origin), fit a
 * method on the days before it only, forecast up to four weeks ahead, and compare with what was
 * actually spent; then move the origin and repeat.
 *
 * - Choosing the method: every candidate stands at each of the last 42 days (six weeks). Recent
 *   behaviour decides, so a method that suited an old regime does not win on its past.
 * - Sizing the intervals: the chosen method's errors from those origins, plus every other day of
 *   up to 24 weeks before. The spread of a two-week sum cannot be learnt from six weeks of origins
 *   (they hold only three separate two-week windows; the cumulative bands came out far too
 *   narrow). Neighbouring origins see nearly the same days, so skipping every other one loses
 *   little and halves the time; a stride of 2 (coprime with 7) still stands on every weekday.
 * Four-week paths cover a monthly budget's remaining days without extrapolating.
 *
 * Error metric: MASE (mean absolute scaled error) — the mean absolute error over every origin and
 * lead, divided by the mean absolute day-to-day change of the history. Below 1 beats "tomorrow
 * costs what today did"; it stays defined for sparse series full of zero days, where percentage
 * errors (MAPE, sMAPE) divide by zero or explode. All methods share one scale, so the ranking is
 * the ranking by plain mean absolute error.
 */
import type { ForecastMethod } from "./methods.ts";
import { mean } from "./statistics.ts";

export const BACKTEST_LEADS = 28;
export const COMPARE_ORIGINS = 42;
/** A method is compared only when the comparison can stand at this many origins for it. */
export const MIN_ORIGINS_TO_COMPARE = 14;
export const INTERVAL_SPAN = 168;
const INTERVAL_STRIDE = 2;

export type MethodBacktest = {
  method: ForecastMethod;
  /** MASE over every origin and lead; null when the history allows no origin at all. */
  error: number | null;
  /** The origins stood at (days since the start of the history), newest first. */
  origins: number[];
  /** Actual − forecast per origin, index 0 = lead 1 (shorter near the end of the history). */
  residualPaths: number[][];
};

function originsFrom(last: number, first: number, stride: number): number[] {
  const origins: number[] = [];
  for (let origin = last; origin >= first; origin -= stride) origins.push(origin);
  return origins;
}

function residualPaths(series: readonly number[], method: ForecastMethod, origins: readonly number[]): number[][] {
  return origins.map((origin) => {
    const forecast = method.forecast(series.slice(0, origin), Math.min(BACKTEST_LEADS, series.length - origin));
    return forecast.map((predicted, lead) => series[origin + lead] - predicted);
  });
}

/** The methods worth comparing for this much history: the run-rate always, others once they get enough origins. */
export function candidateMethods(methods: readonly ForecastMethod[], historyDays: number): ForecastMethod[] {
  return methods.filter((method, index) => index === 0 || historyDays - method.minHistory >= MIN_ORIGINS_TO_COMPARE);
}

/** Mean absolute day-to-day change; the mean (or 1) when there is none, so a flat or one-day history still scales. */
export function errorScale(series: readonly number[]): number {
  let change = 0;
  for (let day = 1; day < series.length; day++) change += Math.abs(series[day] - series[day - 1]);
  if (change > 0) return change / (series.length - 1);
  return mean(series) || 1;
}

/** Scores every candidate on the same origins: the latest days at which all of them can fit. */
export function compareMethods(series: readonly number[], candidates: readonly ForecastMethod[]): MethodBacktest[] {
  const first = Math.max(1, ...candidates.map((method) => method.minHistory), series.length - COMPARE_ORIGINS);
  const origins = originsFrom(series.length - 1, first, 1);
  const scale = errorScale(series);
  return candidates.map((method) => {
    const paths = residualPaths(series, method, origins);
    const errors = paths.flat();
    return { method, error: errors.length > 0 ? mean(errors.map(Math.abs)) / scale : null, origins, residualPaths: paths };
  });
}

/** The least error wins; ties (and methods that could not be scored) go to the simpler, earlier method. */
export function chooseMethod(results: readonly MethodBacktest[]): MethodBacktest {
  return results.reduce((best, result) => (result.error !== null && (best.error === null || result.error < best.error) ? result : best));
}

/** The chosen method's errors for the intervals: the compared origins, then every other day back to INTERVAL_SPAN days. */
export function intervalResiduals(series: readonly number[], chosen: MethodBacktest): number[][] {
  const firstCompared = chosen.origins.at(-1) ?? series.length;
  const older = originsFrom(firstCompared - INTERVAL_STRIDE, Math.max(1, chosen.method.minHistory, series.length - INTERVAL_SPAN), INTERVAL_STRIDE);
  return [...chosen.residualPaths, ...residualPaths(series, chosen.method, older)];
}
