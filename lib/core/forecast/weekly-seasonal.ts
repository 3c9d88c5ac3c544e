/**
 * Weekly-seasonal: next Monday looks like recent Mondays. The weekday profile (each weekday's
 * average distance from the weekly mean) comes from up to four recent full weeks; it is added to
 * the level of the last seven days, so a level shift is followed within a week while the profile
 * keeps the rhythm. Weekdays are positions in the series (index mod 7); no calendar is needed.
 */
import { mean } from "./statistics.ts";

const WEEK = 7;
const PROFILE_WEEKS = 4;

/** Needs at least one full week of `history`. */
export function weeklySeasonalForecast(history: readonly number[], horizon: number): number[] {
  const length = history.length;
  const weeks = Math.min(PROFILE_WEEKS, Math.floor(length / WEEK));
  const start = length - weeks * WEEK;
  const recent = history.slice(start);
  const recentMean = mean(recent);
  const profile = Array<number>(WEEK).fill(0);
  recent.forEach((value, offset) => {
    profile[(start + offset) % WEEK] += (value - recentMean) / weeks;
  });
  const level = mean(history.slice(length - WEEK));
  return Array.from({ length: horizon }, (_, step) => Math.max(0, level + profile[(length + step) % WEEK]));
}
