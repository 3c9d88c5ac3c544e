import { describe, expect, it } from "vitest";
import { BACKTEST_LEADS, candidateMethods, chooseMethod, compareMethods, COMPARE_ORIGINS, errorScale, intervalResiduals, type MethodBacktest } from "@/lib/core/forecast/backtest.ts";
import { forecastMethods, type ForecastMethod } from "@/lib/core/forecast/methods.ts";

const names = (methods: readonly ForecastMethod[]) => methods.map((method) => method.name);

describe("candidateMethods", () => {
  it("uses the run-rate alone until the others can be compared at 14 origins", () => {
    expect(names(candidateMethods(forecastMethods, 0))).toEqual(["run_rate"]);
    expect(names(candidateMethods(forecastMethods, 20))).toEqual(["run_rate"]);
    expect(names(candidateMethods(forecastMethods, 21))).toEqual(["run_rate", "weekly_seasonal", "damped_holt"]);
    expect(names(candidateMethods(forecastMethods, 28))).toEqual(["run_rate", "weekly_seasonal", "damped_holt", "holt_winters"]);
  });
});

describe("errorScale", () => {
  it("is the mean absolute day-to-day change, or the mean (or 1) when nothing changes", () => {
    expect(errorScale([1, 3, 0, 4])).toBe(3);
    expect(errorScale([5, 5, 5])).toBe(5);
    expect(errorScale([7])).toBe(7);
    expect(errorScale([0, 0])).toBe(1);
    expect(errorScale([])).toBe(1);
  });
});

describe("compareMethods", () => {
  it("scores the run-rate by hand on a short series: MASE over every origin and lead", () => {
    // Origins 1..3; the run-rate forecasts the mean of all days so far.
    // Origin 1: mean 2 → errors |4−2|, |6−2|, |8−2|; origin 2: mean 3 → |6−3|, |8−3|; origin 3: mean 4 → |8−4|.
    const [result] = compareMethods([2, 4, 6, 8], forecastMethods.slice(0, 1));
    expect(result.origins).toEqual([3, 2, 1]);
    expect(result.residualPaths).toEqual([[4], [3, 5], [2, 4, 6]]);
    expect(result.error).toBeCloseTo(24 / 6 / 2, 12);
  });

  it("stands every candidate at the same latest origins, up to four weeks ahead", () => {
    const series = Array.from({ length: 100 }, (_, day) => 50 + ((day * 13) % 17));
    const results = compareMethods(series, forecastMethods);
    for (const result of results) {
      expect(result.origins).toEqual(Array.from({ length: COMPARE_ORIGINS }, (_, index) => 99 - index));
      expect(result.residualPaths[0]).toHaveLength(1);
      expect(Math.max(...result.residualPaths.map((path) => path.length))).toBe(BACKTEST_LEADS);
      expect(result.error).toBeGreaterThan(0);
    }
  });

  it("has no score without an origin", () => {
    expect(compareMethods([5], forecastMethods.slice(0, 1))[0].error).toBeNull();
    expect(compareMethods([], forecastMethods.slice(0, 1))[0].error).toBeNull();
  });
});

describe("chooseMethod", () => {
  const scored = (name: number, error: number | null): MethodBacktest => ({ method: forecastMethods[name], error, origins: [], residualPaths: [] });

  it("takes the least error; a tie or no score goes to the simpler method", () => {
    expect(chooseMethod([scored(0, 0.9), scored(1, 0.4), scored(3, 0.5)]).method.name).toBe("weekly_seasonal");
    expect(chooseMethod([scored(0, 0.5), scored(1, 0.5)]).method.name).toBe("run_rate");
    expect(chooseMethod([scored(0, null)]).method.name).toBe("run_rate");
  });
});

describe("intervalResiduals", () => {
  it("adds every other older origin, back 24 weeks, to the compared ones", () => {
    const series = Array.from({ length: 300 }, (_, day) => 10 + (day % 5));
    const [runRate] = compareMethods(series, forecastMethods.slice(0, 1));
    const paths = intervalResiduals(series, runRate);
    // 42 compared origins (299…258), then 256, 254, … down to 300 − 168 = 132: 63 more.
    expect(paths).toHaveLength(42 + 63);
    expect(paths.slice(0, 42)).toEqual(runRate.residualPaths);
    expect(paths.slice(42).every((path) => path.length === BACKTEST_LEADS)).toBe(true);
  });

  it("reaches back to the first day a short history allows", () => {
    const series = [3, 1, 4, 1, 5];
    const [runRate] = compareMethods(series, forecastMethods.slice(0, 1));
    expect(intervalResiduals(series, runRate)).toEqual(runRate.residualPaths);
  });
});
