import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/core/random.ts";
import { cumulativeBands, exhaustionDays } from "@/lib/core/forecast/cumulative.ts";
import { forecastSpend } from "@/lib/core/forecast/forecast-spend.ts";
import { errorModel } from "@/lib/core/forecast/intervals.ts";
import { syntheticSeries } from "./synthetic.ts";

describe("exhaustion on a deterministic example", () => {
  // 10 a day, every day: every method forecasts 10 a day with no error, so the bands have no width.
  const steady = Array<number>(60).fill(10);
  const forecast = (extra: object) => forecastSpend({ series: steady, horizonDays: 30, firstDate: "2026-11-10", spentSoFar: 100, budgetAmount: 250, ...extra });

  it("reaches 250 after 100 spent on the 15th day at 10 a day", () => {
    const result = forecast({});
    expect(result.daily[0]).toEqual({ date: "2026-11-10", point: 10, p2_5: 10, p10: 10, p50: 10, p90: 10, p97_5: 10 });
    expect(result.cumulative[13]).toMatchObject({ date: "2026-11-23", p50: 240 });
    expect(result.cumulative[14]).toEqual({ date: "2026-11-24", p2_5: 250, p10: 250, p50: 250, p90: 250, p97_5: 250 });
    expect(result.exhaustion).toEqual({ budgetAmount: 250, alreadyReached: false, p50Date: "2026-11-24", earliestDate: "2026-11-24" });
    expect(result.cumulative.at(-1)).toMatchObject({ date: "2026-12-09", p50: 400 });
  });

  it("counts only the rest of a day that is half over", () => {
    const result = forecast({ firstDayFraction: 0.5 });
    expect(result.cumulative[0].p50).toBe(105);
    expect(result.exhaustion?.p50Date).toBe("2026-11-25");
  });

  it("says when the amount is already spent, and when it is not reached in the period", () => {
    expect(forecast({ spentSoFar: 260 }).exhaustion).toEqual({ budgetAmount: 250, alreadyReached: true, p50Date: null, earliestDate: null });
    expect(forecast({ budgetAmount: 1000 }).exhaustion).toEqual({ budgetAmount: 1000, alreadyReached: false, p50Date: null, earliestDate: null });
    expect(forecast({ budgetAmount: undefined }).exhaustion).toBeNull();
  });
});

describe("cumulative bands", () => {
  it("never fall, stay ordered, and put the earliest plausible day before the median one", () => {
    const { history } = syntheticSeries("sparse", "cumulative", 120);
    const result = forecastSpend({ series: history, horizonDays: 60, firstDate: "2026-01-01", spentSoFar: 500, budgetAmount: 1800 });
    result.cumulative.forEach((band, day) => {
      expect([band.p2_5, band.p10, band.p50, band.p90, band.p97_5]).toEqual([band.p2_5, band.p10, band.p50, band.p90, band.p97_5].sort((a, b) => a - b));
      expect(band.p2_5).toBeGreaterThanOrEqual(500);
      if (day > 0) for (const key of ["p2_5", "p10", "p50", "p90", "p97_5"] as const) expect(band[key]).toBeGreaterThanOrEqual(result.cumulative[day - 1][key]);
    });
    const { p50Date, earliestDate } = result.exhaustion!;
    expect(p50Date).not.toBeNull();
    expect(earliestDate! < p50Date!).toBe(true);
  });

  it("are narrower than adding up the daily quantiles, wider than independent days would give", () => {
    const { history } = syntheticSeries("flat", "cumulative", 120);
    const result = forecastSpend({ series: history, horizonDays: 28, firstDate: "2026-01-01", spentSoFar: 0 });
    const end = result.cumulative.at(-1)!;
    const summed = result.daily.reduce((sum, day) => sum + (day.p90 - day.p10), 0);
    const independent = Math.sqrt(result.daily.reduce((sum, day) => sum + (day.p90 - day.p10) ** 2, 0));
    expect(end.p90 - end.p10).toBeLessThan(summed);
    expect(end.p90 - end.p10).toBeGreaterThan(independent);
  });

  it("are the same for the same seed", () => {
    const paths = Array.from({ length: 30 }, (_, origin) => Array.from({ length: 10 }, (_, lead) => ((origin * 7 + lead * 3) % 11) - 5));
    const run = (seed: string) => cumulativeBands({ points: Array<number>(20).fill(50), model: errorModel(paths), spentSoFar: 0, firstDayFraction: 1, random: createRandom(seed) });
    expect(run("a")).toEqual(run("a"));
    expect(run("a")).not.toEqual(run("b"));
  });
});

describe("exhaustionDays", () => {
  it("finds the first day each band reaches the amount", () => {
    const band = (p50: number, p90: number) => ({ p2_5: p50 - 2, p10: p50 - 1, p50, p90, p97_5: p90 + 1 });
    expect(exhaustionDays([band(10, 12), band(20, 30), band(30, 45)], 0, 28)).toEqual({ alreadyReached: false, p50Day: 2, earliestDay: 1 });
    expect(exhaustionDays([], 5, 28)).toEqual({ alreadyReached: false, p50Day: null, earliestDay: null });
  });
});
