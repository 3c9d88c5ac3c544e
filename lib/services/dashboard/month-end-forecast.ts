/**
 * Where the organization's spend lands at the end of this month: the same forecaster the budgets
 * use (lib/core/forecast, chosen by backtest among run-rate, weekly-seasonal and Holt-Winters,
 * with empirical 80% bands) over the organization's spend per complete local day — THE spend
 * query by day (over the hourly facets), at most SERIES_DAYS back, starting at the first day with
 * spend (a new organization is not read as weeks of zero).
 *
 * What it forecasts is only the rest of the month: the unspent share of today plus the remaining
 * days (spentSoFar 0). The tile adds that to month-to-date, which is exact and live, so every
 * `spend` message moves the forecast with it without recomputing.
 *
 * The input is complete days only, so it changes at midnight or when events arrive late; the
 * result is kept in this process for CACHE_MS (like the hourly stored budget forecasts, it is an
 * estimate) instead of re-reading weeks of hourly totals on every request. The caller names what the
 * history was when it asked (`history`: e.g. the complete days' totals of this and last month), so
 * a backfill — demo data, an import — is seen at once, not CACHE_MS later.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { forecastSpend } from "@/lib/core/forecast/forecast-spend";
import type { ForecastMethodName } from "@/lib/core/forecast/methods";
import { addDays, localDate } from "@/lib/core/time/local-date";
import { querySpend, type SpendOrg } from "@/lib/services/usage/spend-query";

/** Nine weeks: enough for every method to be backtested (Holt-Winters joins at 28 days). */
export const SERIES_DAYS = 63;
const CACHE_MS = 10 * 60_000;
const CACHE_ENTRIES = 1_000;
const DAY_MS = 86_400_000;

/** Projected spend from now to the month end (rest of today + the days after), approximate. */
export type MonthEndForecast = {
  rest: { p10: number; p50: number; p90: number };
  method: ForecastMethodName;
  /** Complete days of history it rests on (0: nothing to go on, the rest is 0). */
  historyDays: number;
  computedAt: string;
};

type Window = { now: number; todayStart: Date; monthEnd: Date; history: string };

const cache = new Map<string, { at: number; value: MonthEndForecast }>();

export async function monthEndForecast(tx: Tx, org: SpendOrg, window: Window): Promise<MonthEndForecast> {
  const today = localDate(window.now, org.timezone);
  const key = `${org.id}:${today}:${window.history}`;
  const hit = cache.get(key);
  if (hit && window.now - hit.at >= 0 && window.now - hit.at < CACHE_MS) return hit.value;

  const value = await compute(tx, org, window, today);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value ?? key);
  cache.set(key, { at: window.now, value });
  return value;
}

async function compute(tx: Tx, org: SpendOrg, { now, todayStart, monthEnd }: Window, today: string): Promise<MonthEndForecast> {
  const [days] = await tx<{ from: Date; tomorrow: Date }[]>`
    select (${today}::date - ${SERIES_DAYS}::int)::timestamp at time zone ${org.timezone}::text as from,
      (${today}::date + 1)::timestamp at time zone ${org.timezone}::text as tomorrow`;
  const { series } = await querySpend(tx, org, { from: days.from, to: todayStart, granularity: "day", groupBy: [], filters: {} });
  // Amounts become numbers here: a forecast is an estimate, never added to exact totals.
  const byDay = new Map(series.map((row) => [row.bucket_start.slice(0, 10), Number(row.cost)]));
  const firstDay = series.find((row) => Number(row.cost) > 0)?.bucket_start.slice(0, 10);
  const daily: number[] = [];
  for (let day = firstDay; day !== undefined && day < today; day = addDays(day, 1)) daily.push(byDay.get(day) ?? 0);

  const lastDay = localDate(monthEnd.getTime() - 1, org.timezone);
  const horizonDays = Math.round((Date.parse(lastDay) - Date.parse(today)) / DAY_MS) + 1;
  const tomorrowStart = days.tomorrow.getTime();
  const forecast = forecastSpend({
    series: daily,
    horizonDays,
    firstDate: today,
    spentSoFar: 0,
    firstDayFraction: Math.min(1, Math.max(1e-6, (tomorrowStart - now) / (tomorrowStart - todayStart.getTime()))),
  });
  const end = forecast.cumulative.at(-1);
  return {
    rest: { p10: end?.p10 ?? 0, p50: end?.p50 ?? 0, p90: end?.p90 ?? 0 },
    method: forecast.method,
    historyDays: daily.length,
    computedAt: new Date(now).toISOString(),
  };
}
