/**
 * Empirical prediction intervals from the chosen method's backtest errors — no distribution is
 * assumed, so skewed errors (a sparse series with occasional bursts) give skewed intervals.
 *
 * Errors grow with lead, and fewer origins reach the longest leads, so each lead gets a scale (its
 * mean absolute error, made non-decreasing by isotonic regression) and the errors divided by their
 * lead's scale are pooled into one distribution of shapes. A daily quantile is the point forecast
 * plus the lead's scale times the pooled quantile, clamped at zero. Beyond the longest lead the
 * backtest saw, the scale grows with √(lead / longest lead): errors that add up day after day grow
 * like that, and a level or trend that is slightly off is partly absorbed by the re-fit each
 * refresh. It is a convention, not a measurement — intervals months ahead are indicative.
 *
 * With fewer than MIN_ERRORS_FOR_SHAPE errors their shape is not trusted: each error is also
 * used mirrored (assume symmetric errors) so one lucky residual cannot make a one-sided interval.
 */
import { isotonicIncreasing, mean, quantileOfSorted } from "./statistics.ts";

export const MIN_ERRORS_FOR_SHAPE = 30;

export const QUANTILES = { p2_5: 0.025, p10: 0.1, p50: 0.5, p90: 0.9, p97_5: 0.975 } as const;
export type Band = Record<keyof typeof QUANTILES, number>;

export type ErrorModel = {
  /** Scale of the error by lead (index 0 = lead 1), non-decreasing. */
  leadScales: number[];
  /** Errors divided by their lead's scale, one path per backtest origin (plus mirrored paths when symmetrized). */
  standardizedPaths: number[][];
  /** The pooled quantiles of the standardized errors. */
  shapeQuantiles: Band;
  errorCount: number;
  symmetrized: boolean;
};

export function errorModel(residualPaths: readonly (readonly number[])[]): ErrorModel {
  const longest = Math.max(0, ...residualPaths.map((path) => path.length));
  const byLead = Array.from({ length: longest }, (_, lead) => residualPaths.filter((path) => path.length > lead).map((path) => path[lead]));
  const leadScales = isotonicIncreasing(
    byLead.map((errors) => mean(errors.map(Math.abs))),
    byLead.map((errors) => errors.length),
  );
  const errorCount = byLead.reduce((sum, errors) => sum + errors.length, 0);
  const symmetrized = errorCount < MIN_ERRORS_FOR_SHAPE;
  const standardize = (path: readonly number[]) => path.map((error, lead) => (leadScales[lead] > 0 ? error / leadScales[lead] : 0));
  const standardizedPaths = residualPaths.map(standardize);
  if (symmetrized) standardizedPaths.push(...standardizedPaths.map((path) => path.map((z) => -z)));
  const pooled = Float64Array.from(standardizedPaths.flat()).sort();
  const shapeQuantiles = Object.fromEntries(Object.entries(QUANTILES).map(([name, q]) => [name, quantileOfSorted(pooled, q)])) as Band;
  return { leadScales, standardizedPaths, shapeQuantiles, errorCount, symmetrized };
}

/** The error scale `lead` days ahead (1-based). */
export function scaleAtLead(model: ErrorModel, lead: number): number {
  const observed = model.leadScales.length;
  if (observed === 0) return 0;
  if (lead <= observed) return model.leadScales[lead - 1];
  return model.leadScales[observed - 1] * Math.sqrt(lead / observed);
}

/** Quantiles of one day's spend `lead` days ahead around the point forecast, never below zero. */
export function dailyBand(point: number, lead: number, model: ErrorModel): Band {
  const scale = scaleAtLead(model, lead);
  const band = {} as Band;
  for (const name of Object.keys(QUANTILES) as (keyof Band)[]) band[name] = Math.max(0, point + scale * model.shapeQuantiles[name]);
  return band;
}
