/** The forecasting methods the backtest chooses among, simplest first (a tie goes to the simpler). */
import { z } from "zod";
import { dampedTrendForecast } from "./holt-winters.ts";
import { runRateForecast } from "./run-rate.ts";
import { weeklySeasonalForecast } from "./weekly-seasonal.ts";

export const forecastMethodNameSchema = z.enum(["run_rate", "weekly_seasonal", "damped_holt", "holt_winters"]);
export type ForecastMethodName = z.output<typeof forecastMethodNameSchema>;

export type ForecastMethod = {
  name: ForecastMethodName;
  /** Fewest days of history the method can fit. */
  minHistory: number;
  /** Point forecasts (each ≥ 0) for the `horizon` days after `history` (oldest first). */
  forecast(history: readonly number[], horizon: number): number[];
};

export const forecastMethods: readonly ForecastMethod[] = [
  { name: "run_rate", minHistory: 1, forecast: runRateForecast },
  { name: "weekly_seasonal", minHistory: 7, forecast: weeklySeasonalForecast },
  { name: "damped_holt", minHistory: 7, forecast: (history, horizon) => dampedTrendForecast(history, horizon, false) },
  { name: "holt_winters", minHistory: 14, forecast: (history, horizon) => dampedTrendForecast(history, horizon, true) },
];
