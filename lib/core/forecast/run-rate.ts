/** Run-rate: every future day costs what the recent days cost on average. */
import { mean } from "./statistics.ts";

/** Days averaged: two full weeks (weekday swings cancel out), else one, else whatever history there is. */
export function runRateWindow(historyDays: number): number {
  if (historyDays >= 14) return 14;
  if (historyDays >= 7) return 7;
  return historyDays;
}

export function runRateForecast(history: readonly number[], horizon: number): number[] {
  const rate = mean(history.slice(history.length - runRateWindow(history.length)));
  return Array<number>(horizon).fill(rate);
}
