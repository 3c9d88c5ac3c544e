/**
 * The cumulative spend path to the period end, and when it crosses the budget.
 *
 * The quantile of a sum is not the sum of the daily quantiles: adding daily p90s assumes every day
 * is unluckily high at once (too wide), and treating days as independent ignores that a level that
 * is off stays off (too narrow). So paths are simulated from the backtest's own errors: each path
 * adds, day by day, point + scale × standardized error, taking the errors in blocks — the
 * consecutive errors of one backtest origin, lead by lead — so their correlation across days is
 * kept; when a block runs out, another is drawn (a block bootstrap). Each simulated day is clamped
 * at zero, so every path only rises and each band is non-decreasing. The PRNG is seeded: the same
 * input always gives the same bands.
 */
import type { Random } from "../random.ts";
import { QUANTILES, scaleAtLead, type Band, type ErrorModel } from "./intervals.ts";
import { quantileOfSorted } from "./statistics.ts";

export const SIMULATED_PATHS = 1000;

export type CumulativeInput = {
  /** Point forecast per remaining day, the first day in full. */
  points: readonly number[];
  model: ErrorModel;
  spentSoFar: number;
  /** Share of the first day still to come; its spend is taken as spread evenly over the day. */
  firstDayFraction: number;
  random: Random;
};

export function cumulativeBands({ points, model, spentSoFar, firstDayFraction, random }: CumulativeInput): Band[] {
  const longest = Math.max(0, ...model.standardizedPaths.map((path) => path.length));
  // Paths cut short by the end of the history would break the correlation into short pieces; keep the longer half.
  const blocks = model.standardizedPaths.filter((path) => path.length > 0 && path.length >= longest / 2);
  const totals = new Float64Array(SIMULATED_PATHS).fill(spentSoFar);
  const blockOf = Array<number>(SIMULATED_PATHS).fill(0);
  // Every path starts past the end of a block, so it draws its first block on day 1.
  const positionIn = Array<number>(SIMULATED_PATHS).fill(Infinity);
  const sorted = new Float64Array(SIMULATED_PATHS);
  return points.map((point, day) => {
    const scale = scaleAtLead(model, day + 1);
    const share = day === 0 ? firstDayFraction : 1;
    for (let path = 0; path < SIMULATED_PATHS; path++) {
      let z = 0;
      if (blocks.length > 0) {
        if (positionIn[path] >= blocks[blockOf[path]].length) {
          blockOf[path] = random.int(0, blocks.length - 1);
          positionIn[path] = 0;
        }
        z = blocks[blockOf[path]][positionIn[path]++];
      }
      totals[path] += share * Math.max(0, point + scale * z);
    }
    sorted.set(totals);
    sorted.sort();
    const band = {} as Band;
    for (const [name, q] of Object.entries(QUANTILES) as [keyof Band, number][]) band[name] = quantileOfSorted(sorted, q);
    return band;
  });
}

export type ExhaustionDays = {
  /** The spend so far already reaches the amount. */
  alreadyReached: boolean;
  /** Index of the first day whose cumulative median reaches the amount, or null within the horizon. */
  p50Day: number | null;
  /** Index of the first day whose upper 80% bound (p90) reaches it: the earliest plausible day. */
  earliestDay: number | null;
};

export function exhaustionDays(bands: readonly Band[], spentSoFar: number, amount: number): ExhaustionDays {
  const firstReaching = (pick: (band: Band) => number) => {
    const day = bands.findIndex((band) => pick(band) >= amount);
    return day === -1 ? null : day;
  };
  if (spentSoFar >= amount) return { alreadyReached: true, p50Day: null, earliestDay: null };
  return { alreadyReached: false, p50Day: firstReaching((band) => band.p50), earliestDay: firstReaching((band) => band.p90) };
}
