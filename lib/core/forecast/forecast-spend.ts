/**
 * forecastSpend: daily spend → the chosen method's daily forecast with empirical intervals, the
 * cumulative path to the period end with 80% and 95% bands, and the projected exhaustion dates.
 * Pure and deterministic: no clock (the first forecast date is passed in), a seeded PRNG.
 */
import { addDays } from "../time/local-date.ts";
import { createRandom } from "../random.ts";
import { candidateMethods, chooseMethod, compareMethods, intervalResiduals, MIN_ORIGINS_TO_COMPARE } from "./backtest.ts";
import { cumulativeBands, exhaustionDays } from "./cumulative.ts";
import { dailyBand, errorModel, type Band } from "./intervals.ts";
import { forecastMethods, type ForecastMethod } from "./methods.ts";
import { forecastInputSchema, type Forecast, type ForecastInput } from "./schema.ts";

/** Older days say little about next month and would only slow the backtest. */
export const MAX_HISTORY_DAYS = 365;

/** Six significant digits: plenty for an estimate, and a smaller jsonb row. */
const estimate = (value: number) => Number(value.toPrecision(6));
const roundBand = (band: Band): Band => ({ p2_5: estimate(band.p2_5), p10: estimate(band.p10), p50: estimate(band.p50), p90: estimate(band.p90), p97_5: estimate(band.p97_5) });

function notYetCompared(skipped: readonly ForecastMethod[], historyDays: number): string | null {
  if (skipped.length === 0) return null;
  const listed = skipped.map((method) => `${method.name} (from ${method.minHistory + MIN_ORIGINS_TO_COMPARE} days)`).join(", ");
  return `Only ${historyDays} days of history, so not yet compared: ${listed}.`;
}

export function forecastSpend(input: ForecastInput): Forecast {
  const { series: fullSeries, horizonDays, firstDate, spentSoFar, firstDayFraction, budgetAmount, seed } = forecastInputSchema.parse(input);
  const series = fullSeries.slice(-MAX_HISTORY_DAYS);
  const candidates = candidateMethods(forecastMethods, series.length);
  const results = compareMethods(series, candidates);
  const chosen = chooseMethod(results);
  const model = errorModel(intervalResiduals(series, chosen));
  const points = chosen.method.forecast(series, horizonDays);
  const cumulative = cumulativeBands({ points, model, spentSoFar, firstDayFraction, random: createRandom(seed) });
  const dateOf = (day: number) => addDays(firstDate, day);

  const notes: string[] = [];
  if (fullSeries.length > MAX_HISTORY_DAYS) notes.push(`Only the most recent ${MAX_HISTORY_DAYS} days of history are used.`);
  if (series.length === 0) notes.push("No daily history yet: the forecast is no spend, with no interval.");
  else if (series.every((value) => value === 0)) notes.push("No spend on any day of the history: the forecast is no spend.");
  const skipped = notYetCompared(forecastMethods.filter((method) => !candidates.includes(method)), series.length);
  if (skipped) notes.push(skipped);
  if (series.length > 0 && model.errorCount === 0) notes.push("Too little history to measure forecast errors: the intervals have no width.");
  else if (model.symmetrized) notes.push(`The intervals rest on only ${model.errorCount} backtest errors, taken as symmetric: treat them as rough.`);
  const measuredLeads = model.leadScales.length;
  if (measuredLeads > 0 && horizonDays > measuredLeads) {
    notes.push(`Errors were measured up to ${measuredLeads} days ahead; the intervals beyond that are extrapolated (growing with the square root of the lead).`);
  }

  let exhaustion: Forecast["exhaustion"] = null;
  if (budgetAmount !== undefined) {
    const days = exhaustionDays(cumulative, spentSoFar, budgetAmount);
    exhaustion = {
      budgetAmount,
      alreadyReached: days.alreadyReached,
      p50Date: days.p50Day === null ? null : dateOf(days.p50Day),
      earliestDate: days.earliestDay === null ? null : dateOf(days.earliestDay),
    };
  }

  return {
    method: chosen.method.name,
    errorMetric: "mase",
    backtestError: chosen.error === null ? null : estimate(chosen.error),
    methodsTried: results.map((result) => ({ method: result.method.name, error: result.error === null ? null : estimate(result.error) })),
    historyDays: series.length,
    daily: points.map((point, day) => ({ date: dateOf(day), point: estimate(point), ...roundBand(dailyBand(point, day + 1, model)) })),
    cumulative: cumulative.map((band, day) => ({ date: dateOf(day), ...roundBand(band) })),
    exhaustion,
    notes,
  };
}
