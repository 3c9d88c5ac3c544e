import { describe, expect, it } from "vitest";
import { forecastSpend, MAX_HISTORY_DAYS } from "@/lib/core/forecast/forecast-spend.ts";
import { forecastSchema, type Forecast } from "@/lib/core/forecast/schema.ts";
import { seriesKinds, syntheticSeries } from "./synthetic.ts";

const base = { horizonDays: 20, firstDate: "2026-11-22", spentSoFar: 0 };

/** Every amount in the forecast, to check none is NaN, infinite or negative. */
const amounts = (forecast: Forecast) => [
  ...forecast.daily.flatMap((day) => [day.point, day.p2_5, day.p10, day.p50, day.p90, day.p97_5]),
  ...forecast.cumulative.flatMap((day) => [day.p2_5, day.p10, day.p50, day.p90, day.p97_5]),
  ...forecast.methodsTried.map((tried) => tried.error ?? 0),
];

describe("forecastSpend", () => {
  it("round-trips through jsonb-like JSON and validates, for every kind of series", () => {
    for (const kind of seriesKinds) {
      const { history } = syntheticSeries(kind, "schema", 90);
      const forecast = forecastSpend({ ...base, series: history, spentSoFar: 1234.5, budgetAmount: 5000 });
      expect(forecastSchema.parse(JSON.parse(JSON.stringify(forecast)))).toEqual(forecast);
      expect(amounts(forecast).every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      expect(forecast.daily).toHaveLength(20);
      expect(forecast.daily.map((day) => day.date).slice(0, 3)).toEqual(["2026-11-22", "2026-11-23", "2026-11-24"]);
      expect(forecast.daily.at(-1)!.date).toBe("2026-12-11");
      expect(forecast.methodsTried.map((tried) => tried.method)).toEqual(["run_rate", "weekly_seasonal", "damped_holt", "holt_winters"]);
      expect(forecast.backtestError).toBe(forecast.methodsTried.find((tried) => tried.method === forecast.method)!.error);
    }
  });

  it("uses the run-rate alone on a very short history, and says so", () => {
    const forecast = forecastSpend({ ...base, series: [4, 6, 5, 7, 3] });
    expect(forecast.method).toBe("run_rate");
    expect(forecast.methodsTried).toEqual([{ method: "run_rate", error: expect.any(Number) }]);
    expect(forecast.historyDays).toBe(5);
    expect(forecast.daily[0].point).toBe(5);
    expect(forecast.daily[0].p10).toBeLessThan(5);
    expect(forecast.daily[0].p90).toBeGreaterThan(5);
    expect(forecast.notes).toContain("Only 5 days of history, so not yet compared: weekly_seasonal (from 21 days), damped_holt (from 21 days), holt_winters (from 28 days).");
    expect(forecast.notes.some((note) => note.startsWith("The intervals rest on only 10 backtest errors"))).toBe(true);
    expect(amounts(forecast).every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
  });

  it("forecasts no spend from an all-zero history, with no width", () => {
    const forecast = forecastSpend({ ...base, series: Array<number>(60).fill(0), spentSoFar: 3, budgetAmount: 10 });
    expect(forecast.method).toBe("run_rate");
    expect(forecast.backtestError).toBe(0);
    expect(forecast.daily.every((day) => day.point === 0 && day.p97_5 === 0)).toBe(true);
    expect(forecast.cumulative.every((day) => day.p2_5 === 3 && day.p97_5 === 3)).toBe(true);
    expect(forecast.exhaustion).toEqual({ budgetAmount: 10, alreadyReached: false, p50Date: null, earliestDate: null });
    expect(forecast.notes).toContain("No spend on any day of the history: the forecast is no spend.");
  });

  it("handles no history, one day, and a period that ends now", () => {
    const none = forecastSpend({ ...base, series: [] });
    expect(none.backtestError).toBeNull();
    expect(none.daily.every((day) => day.point === 0 && day.p97_5 === 0)).toBe(true);
    expect(none.notes[0]).toBe("No daily history yet: the forecast is no spend, with no interval.");

    const oneDay = forecastSpend({ ...base, series: [8] });
    expect(oneDay.daily[0]).toMatchObject({ point: 8, p2_5: 8, p97_5: 8 });
    expect(oneDay.notes).toContain("Too little history to measure forecast errors: the intervals have no width.");

    const ended = forecastSpend({ ...base, horizonDays: 0, series: [1, 2, 3], spentSoFar: 6, budgetAmount: 5 });
    expect(ended.daily).toEqual([]);
    expect(ended.cumulative).toEqual([]);
    expect(ended.exhaustion).toEqual({ budgetAmount: 5, alreadyReached: true, p50Date: null, earliestDate: null });
  });

  it("uses only the most recent year of a long history", () => {
    const { history } = syntheticSeries("weekly", "long", 500);
    const forecast = forecastSpend({ ...base, series: history });
    expect(forecast.historyDays).toBe(MAX_HISTORY_DAYS);
    expect(forecast.notes).toContain("Only the most recent 365 days of history are used.");
    // The same forecast as from the last year alone, but for the note.
    const lastYear = forecastSpend({ ...base, series: history.slice(-MAX_HISTORY_DAYS) });
    expect({ ...forecast, notes: lastYear.notes }).toEqual(lastYear);
    expect(forecast.notes).not.toEqual(lastYear.notes);
  });

  it("notes when the horizon runs past the measured leads", () => {
    const { history } = syntheticSeries("flat", "far", 90);
    const forecast = forecastSpend({ ...base, series: history, horizonDays: 90 });
    expect(forecast.notes).toContain("Errors were measured up to 28 days ahead; the intervals beyond that are extrapolated (growing with the square root of the lead).");
    const width = (day: number) => forecast.daily[day].p90 - forecast.daily[day].p10;
    expect(width(89)).toBeGreaterThan(width(27));
  });

  it("rejects input that is not a daily spend series", () => {
    const bad = [
      { ...base, series: [1, -2, 3] },
      { ...base, series: [1, Number.NaN] },
      { ...base, series: [1, Number.POSITIVE_INFINITY] },
      { ...base, series: [1], horizonDays: 401 },
      { ...base, series: [1], horizonDays: 1.5 },
      { ...base, series: [1], firstDate: "2026-02-30" },
      { ...base, series: [1], spentSoFar: -1 },
      { ...base, series: [1], budgetAmount: 0 },
      { ...base, series: [1], firstDayFraction: 0 },
    ];
    for (const input of bad) expect(() => forecastSpend(input)).toThrow();
  });

  it("is deterministic, and quick (timing printed, not asserted)", () => {
    const { history } = syntheticSeries("weekly", "timing", 180);
    const input = { ...base, series: history, horizonDays: 31, spentSoFar: 2000, budgetAmount: 9000 };
    const first = forecastSpend(input);
    const times: number[] = [];
    for (let run = 0; run < 10; run++) {
      const start = performance.now();
      expect(forecastSpend(input)).toEqual(first);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`forecastSpend on 180 days, 31 ahead (${first.method}): median ${times[5].toFixed(1)} ms, fastest ${times[0].toFixed(1)} ms`);
  });
});
