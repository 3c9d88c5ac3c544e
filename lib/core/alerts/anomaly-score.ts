/**
 * How unusual a window's spend is against the same window in earlier weeks (the baseline), by a
 * robust score: (observed − median) / spread, spread = 1.4826 × MAD (the median absolute
 * deviation, scaled to match a standard deviation for normal data). Median and MAD ignore one
 * wild week, where a mean and standard deviation would be dragged by it.
 *
 * The spread has a floor: a flat history (every Monday 9–10 spent exactly $4.00) has MAD 0 and
 * would make one extra cent infinitely unusual. Floor = the largest of 10 % of the usual level
 * (a 10 % move on steady spend is one "deviation") and SPREAD_EPSILON. The rule's minimum
 * amount then keeps small absolute jumps (from $0 to $0.50) quiet, whatever their score.
 */
import { add, compare, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from "../money.ts";

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
const MAD_SCALE = 1.4826;
/** The spread never goes below 10 % of the usual level… */
const RELATIVE_FLOOR = 0.1;
/**
 * …nor below one cent (in the base currency's unit), so a baseline of zeros (a window that never
 * saw spend) still gives finite scores: $1 there scores 100, and the minimum amount decides.
 */
export const SPREAD_EPSILON = 0.01;
/** Fewer earlier weeks than this say nothing about what is usual. */
export const MIN_BASELINE_SAMPLES = 3;

function medianOf(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The usual level (median), the spread and the score of `observed`. No baseline: usual 0, score 0. */
export function anomalyScore(observed: number, baseline: number[]): { usual: number; spread: number; score: number } {
  if (baseline.length === 0) return { usual: 0, spread: SPREAD_EPSILON, score: 0 };
  const usual = medianOf([...baseline].sort((a, b) => a - b));
  const mad = medianOf(baseline.map((value) => Math.abs(value - usual)).sort((a, b) => a - b));
  const spread = Math.max(MAD_SCALE * mad, RELATIVE_FLOOR * Math.abs(usual), SPREAD_EPSILON);
  return { usual, spread, score: (observed - usual) / spread };
}

const HALF: Decimal = { coef: 5n, scale: 1 };

/** The median of decimal strings, exactly (the mean of the middle two for an even count). */
function exactMedian(values: string[]): Decimal {
  const sorted = values.map(parseDecimal).sort(compare);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : multiply(add(sorted[middle - 1], sorted[middle]), HALF);
}

/**
 * Whether an anomaly rule's condition holds: at least MIN_BASELINE_SAMPLES earlier weeks, a
 * score at or above the rule's threshold, and spend above the usual level by at least the
 * rule's minimum amount (compared exactly, in decimals). Amounts come back as decimal strings
 * for the alert's facts; the score is a statistic, computed in floating point.
 */
export function anomalyObservation(
  rule: { threshold: number; minAmount: string },
  observed: string,
  baseline: string[],
): { breached: boolean; score: number; usual: string; observed: string } {
  const seen = parseDecimal(observed);
  const usual = baseline.length === 0 ? parseDecimal("0") : exactMedian(baseline);
  const { score } = anomalyScore(Number(observed), baseline.map(Number));
  const excess = subtract(seen, usual);
  const breached =
    baseline.length >= MIN_BASELINE_SAMPLES && score >= rule.threshold && compare(excess, parseDecimal(rule.minAmount)) >= 0;
  return { breached, score, usual: formatDecimal(usual), observed: formatDecimal(seen) };
}
