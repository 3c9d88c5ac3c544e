/**
 * What goes into a spend forecast and what comes out. The output is stored as jsonb (the
 * forecasts table) and validated with `forecastSchema` when read back.
 *
 * Amounts are plain numbers in the budget's currency: a forecast is an estimate for planning and
 * alerting, never used for exact accounting (that is the ledger's job, in decimal strings).
 */
import { z } from "zod";
import { forecastMethodNameSchema } from "./methods.ts";

const amount = z.number().nonnegative();
const localDate = z.iso.date();

export const forecastInputSchema = z.strictObject({
  /** Spend per complete local day of the budget's scope, oldest first, ending the day before `firstDate`. */
  series: z.array(amount),
  /** Days to forecast, from `firstDate` to the end of the budget period (0 when it ends now). */
  horizonDays: z.int().min(0).max(400),
  /** The local date of the first forecast day (usually today). */
  firstDate: localDate,
  /** Spend already counted in the period, including any part of `firstDate` already spent. */
  spentSoFar: amount,
  /** Share of the first day still to come (0.25 at 18:00); only that share of its forecast is added. */
  firstDayFraction: z.number().gt(0).max(1).default(1),
  /** The budget amount, for the projected exhaustion dates. */
  budgetAmount: z.number().positive().optional(),
  /** Seeds the simulation of the cumulative path; the same input and seed give the same output. */
  seed: z.string().default("spendguard-forecast"),
});
export type ForecastInput = z.input<typeof forecastInputSchema>;

const band = { p2_5: amount, p10: amount, p50: amount, p90: amount, p97_5: amount };

export const forecastSchema = z.strictObject({
  method: forecastMethodNameSchema,
  errorMetric: z.literal("mase"),
  /** The chosen method's backtest MASE; null when the history is too short to backtest. */
  backtestError: amount.nullable(),
  methodsTried: z.array(z.strictObject({ method: forecastMethodNameSchema, error: amount.nullable() })),
  /** Days of history used (the most recent MAX_HISTORY_DAYS at most). */
  historyDays: z.int().nonnegative(),
  /** One entry per forecast day: the method's point forecast and the quantiles of that day's spend. */
  daily: z.array(z.strictObject({ date: localDate, point: amount, ...band })),
  /** Spend in the period up to and including each forecast day (spentSoFar included). */
  cumulative: z.array(z.strictObject({ date: localDate, ...band })),
  /** When the budget runs out; null when no budget amount was given. Dates are null when not within the horizon. */
  exhaustion: z
    .strictObject({
      budgetAmount: z.number().positive(),
      alreadyReached: z.boolean(),
      /** The first day the median cumulative spend reaches the amount. */
      p50Date: localDate.nullable(),
      /** The first day the upper 80% bound reaches it: the earliest plausible day. */
      earliestDate: localDate.nullable(),
    })
    .nullable(),
  /** Plain-language caveats: short history, rough intervals, why a method was not tried. */
  notes: z.array(z.string()),
});
export type Forecast = z.output<typeof forecastSchema>;
