/**
 * The forecast accuracy study on synthetic series with known structure: which method the backtest
 * picks, whether it beats the others where it should, and whether the intervals cover held-out
 * days (the 14 days after the history, never seen by the fit). Prints the accuracy table.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { errorScale } from "@/lib/core/forecast/backtest.ts";
import { forecastSpend } from "@/lib/core/forecast/forecast-spend.ts";
import { forecastMethods, type ForecastMethodName } from "@/lib/core/forecast/methods.ts";
import type { Forecast } from "@/lib/core/forecast/schema.ts";
import { seriesKinds, syntheticSeries, type SeriesKind } from "./synthetic.ts";

const SEEDS = 20;
const HISTORY_DAYS = 120;
const HELD_OUT_DAYS = 14;

type Run = {
  kind: SeriesKind;
  forecast: Forecast;
  future: number[];
  /** Each method's MASE on the held-out days, fitted on the whole history. */
  heldOut: Record<ForecastMethodName, number>;
};

let runs: Run[] = [];

beforeAll(() => {
  runs = seriesKinds.flatMap((kind) =>
    Array.from({ length: SEEDS }, (_, seed) => {
      const { history, future } = syntheticSeries(kind, String(seed), HISTORY_DAYS, HELD_OUT_DAYS);
      const forecast = forecastSpend({ series: history, horizonDays: HELD_OUT_DAYS, firstDate: "2026-03-01", spentSoFar: 0 });
      const scale = errorScale(history);
      const heldOut = Object.fromEntries(
        forecastMethods.map((method) => {
          const path = method.forecast(history, HELD_OUT_DAYS);
          return [method.name, path.reduce((sum, predicted, day) => sum + Math.abs(future[day] - predicted), 0) / HELD_OUT_DAYS / scale];
        }),
      ) as Record<ForecastMethodName, number>;
      return { kind, forecast, future, heldOut };
    }),
  );
});

const of = (kind: SeriesKind) => runs.filter((run) => run.kind === kind);
const errorOf = (run: Run, method: ForecastMethodName) => run.forecast.methodsTried.find((tried) => tried.method === method)!.error!;
const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function coverage(selected: Run[]) {
  let in80 = 0;
  let in95 = 0;
  let days = 0;
  let sums80 = 0;
  for (const { forecast, future } of selected) {
    forecast.daily.forEach((day, index) => {
      days++;
      if (future[index] >= day.p10 && future[index] <= day.p90) in80++;
      if (future[index] >= day.p2_5 && future[index] <= day.p97_5) in95++;
    });
    const total = future.reduce((sum, value) => sum + value, 0);
    const end = forecast.cumulative.at(-1)!;
    if (total >= end.p10 && total <= end.p90) sums80++;
  }
  return { daily80: in80 / days, daily95: in95 / days, sum80: sums80 / selected.length };
}

describe("forecast accuracy on synthetic series", () => {
  it("picks a seasonal method for a weekly rhythm, and it beats the run-rate by far", () => {
    for (const run of of("weekly")) {
      expect(["weekly_seasonal", "holt_winters"]).toContain(run.forecast.method);
      expect(errorOf(run, "run_rate")).toBeGreaterThan(3 * run.forecast.backtestError!);
      expect(run.heldOut[run.forecast.method]).toBeLessThan(run.heldOut.run_rate / 2);
    }
  });

  it("picks a damped trend for a trend, and it beats the run-rate clearly", () => {
    for (const run of of("trend")) {
      expect(["damped_holt", "holt_winters"]).toContain(run.forecast.method);
      expect(errorOf(run, "run_rate")).toBeGreaterThan(1.5 * run.forecast.backtestError!);
    }
    const trend = of("trend");
    expect(average(trend.map((run) => run.heldOut[run.forecast.method]))).toBeLessThan(average(trend.map((run) => run.heldOut.run_rate)) / 1.5);
  });

  it("finds every method about equally good on a flat series", () => {
    for (const run of of("flat")) {
      const errors = run.forecast.methodsTried.map((tried) => tried.error!);
      expect(Math.max(...errors) / Math.min(...errors)).toBeLessThan(1.4);
    }
  });

  it("follows a level shift three weeks ago: the forecast sits at the new level", () => {
    for (const run of of("step")) {
      const level = average(run.forecast.daily.map((day) => day.point));
      expect(level).toBeGreaterThan(140 * 0.9);
      expect(level).toBeLessThan(140 * 1.1);
    }
  });

  it("keeps zero inside the 95% interval of a sparse series, whose typical day is zero", () => {
    for (const run of of("sparse")) {
      const zeroAllowed = run.forecast.daily.filter((day) => day.p2_5 === 0).length;
      expect(zeroAllowed).toBe(HELD_OUT_DAYS);
    }
  });

  it("covers held-out days: 70–90% inside the 80% interval, at least 88% inside the 95% interval", () => {
    const all = coverage(runs);
    expect(all.daily80).toBeGreaterThanOrEqual(0.7);
    expect(all.daily80).toBeLessThanOrEqual(0.9);
    expect(all.daily95).toBeGreaterThanOrEqual(0.88);
    // The two-week total is one number per series, so this is looser (see backtest.ts on why it is hard).
    expect(all.sum80).toBeGreaterThanOrEqual(0.6);
  });

  it("prints the accuracy table", () => {
    const short: Record<ForecastMethodName, string> = { run_rate: "RR", weekly_seasonal: "WS", damped_holt: "DH", holt_winters: "HW" };
    const methods = forecastMethods.map((method) => method.name);
    const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
    const row = (cells: string[], widths: number[]) => cells.map((text, index) => text.padEnd(widths[index])).join(" ").trimEnd();
    const widths = [7, ...methods.map(() => 14), 22, 9, 8, 8, 8];
    const lines = [
      row(["series", ...methods.map((name) => `${short[name]} bt / ho`), "chosen (of 20)", "chosen ho", "80% cov", "95% cov", "sum 80%"], widths),
    ];
    for (const kind of seriesKinds) {
      const selected = of(kind);
      const picks = new Map<string, number>();
      for (const run of selected) picks.set(short[run.forecast.method], (picks.get(short[run.forecast.method]) ?? 0) + 1);
      const { daily80, daily95, sum80 } = coverage(selected);
      lines.push(
        row(
          [
            kind,
            ...methods.map((name) => `${average(selected.map((run) => errorOf(run, name))).toFixed(2)} / ${average(selected.map((run) => run.heldOut[name])).toFixed(2)}`),
            [...picks].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${count}`).join(", "),
            average(selected.map((run) => run.heldOut[run.forecast.method])).toFixed(2),
            percent(daily80),
            percent(daily95),
            percent(sum80),
          ],
          widths,
        ),
      );
    }
    const all = coverage(runs);
    lines.push(row(["all", ...methods.map(() => ""), "", "", percent(all.daily80), percent(all.daily95), percent(all.sum80)], widths));
    console.log(
      [
        `Forecast accuracy: ${SEEDS} seeded series per kind, ${HISTORY_DAYS} days of history, the next ${HELD_OUT_DAYS} days held out.`,
        "bt = backtest MASE (mean over the series; what the choice is made on), ho = MASE on the held-out days; < 1 beats \"same as yesterday\".",
        "RR run-rate, WS weekly-seasonal, DH damped Holt, HW damped Holt-Winters. cov = held-out days inside the daily 80%/95% intervals;",
        "sum 80% = series whose held-out 14-day total fell inside the cumulative 80% band.",
        ...lines,
      ].join("\n"),
    );
    expect(lines).toHaveLength(seriesKinds.length + 2);
  });
});
