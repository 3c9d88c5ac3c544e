import { describe, expect, it } from "vitest";
import { dampedTrendForecast } from "@/lib/core/forecast/holt-winters.ts";
import { forecastMethods } from "@/lib/core/forecast/methods.ts";
import { runRateForecast, runRateWindow } from "@/lib/core/forecast/run-rate.ts";
import { weeklySeasonalForecast } from "@/lib/core/forecast/weekly-seasonal.ts";

const WEEK_SHAPE = [130, 125, 120, 115, 110, 35, 30];
const weekly = (days: number, shift = 0) => Array.from({ length: days }, (_, day) => WEEK_SHAPE[(day + shift) % 7]);

describe("run-rate", () => {
  it("averages two full weeks, one week, or all there is", () => {
    expect([3, 7, 13, 14, 200].map(runRateWindow)).toEqual([3, 7, 7, 14, 14]);
    const history = [...Array<number>(20).fill(1), ...Array<number>(14).fill(5)];
    expect(runRateForecast(history, 3)).toEqual([5, 5, 5]);
    expect(runRateForecast([2, 4, 9], 2)).toEqual([5, 5]);
    expect(runRateForecast([], 2)).toEqual([0, 0]);
  });
});

describe("weekly-seasonal", () => {
  it("continues an exact weekly rhythm where the history left off", () => {
    const history = weekly(40);
    const expected = weekly(54).slice(40);
    weeklySeasonalForecast(history, 14).forEach((value, day) => expect(value).toBeCloseTo(expected[day], 9));
  });

  it("moves the rhythm to the level of the last week after a shift", () => {
    const history = weekly(35).map((value, day) => (day >= 28 ? value + 50 : value));
    const expected = weekly(42).slice(35).map((value) => value + 50);
    // The profile comes from four weeks, one of them shifted as a whole: the shape is unchanged.
    weeklySeasonalForecast(history, 7).forEach((value, day) => expect(value).toBeCloseTo(expected[day], 9));
  });
});

describe("damped Holt and Holt-Winters", () => {
  it("follow a straight line, flattening it far ahead", () => {
    const line = Array.from({ length: 60 }, (_, day) => 20 + 2 * day);
    for (const seasonal of [false, true]) {
      const path = dampedTrendForecast(line, 60, seasonal);
      expect(path[0]).toBeCloseTo(140, 0);
      // Rising, but damping keeps it below the straight line's 238 two months out.
      expect(path[59]).toBeGreaterThan(path[0]);
      expect(path[59]).toBeLessThan(238);
      for (let day = 1; day < 60; day++) expect(path[day]).toBeGreaterThanOrEqual(path[day - 1]);
    }
  });

  it("Holt-Winters reproduces a weekly rhythm that damped Holt cannot", () => {
    const history = weekly(70, 3);
    const expected = weekly(84, 3).slice(70);
    const seasonal = dampedTrendForecast(history, 14, true);
    seasonal.forEach((value, day) => expect(Math.abs(value - expected[day])).toBeLessThan(2));
    const flat = dampedTrendForecast(history, 14, false);
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(20);
  });

  it("never forecasts below zero, even for a steep fall", () => {
    const falling = Array.from({ length: 40 }, (_, day) => Math.max(0, 400 - 12 * day));
    for (const seasonal of [false, true]) {
      const path = dampedTrendForecast(falling, 30, seasonal);
      expect(path.every((value) => value >= 0)).toBe(true);
      expect(path.at(-1)).toBe(0);
    }
  });
});

describe("every method", () => {
  it("returns `horizon` finite, non-negative values from its minimum history on", () => {
    const noisy = Array.from({ length: 50 }, (_, day) => (day * 37) % 11);
    for (const method of forecastMethods) {
      for (const days of [method.minHistory, 50]) {
        const path = method.forecast(noisy.slice(0, days), 20);
        expect(path).toHaveLength(20);
        expect(path.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      }
      expect(method.forecast(noisy, 0)).toEqual([]);
    }
  });
});
