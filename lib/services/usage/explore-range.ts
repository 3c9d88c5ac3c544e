/**
 * The Explore page's date range → the instants [from, to) the spend query takes. Presets are
 * whole calendar days in the organization's time zone, today included ("7d" = today and the six
 * days before; "month" = this month so far; "last_month"); "24h" is the last 24 hours; "custom"
 * is from..to, both days inclusive. Days become instants in SQL (`date at time zone tz`), so
 * daylight-saving days are 23 or 25 hours long as they should be. The result is widened to whole
 * UTC hours and capped like the API's.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { InvalidError } from "@/lib/services/errors";
import { EXPLORE_DEFAULT_RANGE, type ExploreQueryValues, type ExploreRange } from "./explore-schemas";
import { hourRange, type SpendGranularity } from "./spend-schemas";

export type ResolvedRange = { range: ExploreRange; from: Date; to: Date; granularity: SpendGranularity };

const DAY_MS = 86_400_000;
const PRESET_DAYS: Partial<Record<ExploreRange, number>> = { "7d": 7, "30d": 30, "90d": 90 };

export async function resolveExploreRange(tx: Tx, timeZone: string, query: ExploreQueryValues, now = Date.now()): Promise<ResolvedRange> {
  const range = query.range ?? EXPLORE_DEFAULT_RANGE;
  const granularity = query.granularity ?? (range === "24h" ? "hour" : "day");
  if (range === "24h") return { range, granularity, ...checked(now - DAY_MS, now) };
  if (range === "custom" && query.from && query.to && query.from > query.to) {
    throw new InvalidError("The end date is before the start date.", { to: ["The end date is before the start date."] });
  }
  const [days] = await tx<{ from: Date; to: Date }[]>`
    with today as (select (${new Date(now)}::timestamptz at time zone ${timeZone}::text)::date as day),
    bounds as (
      select
        case ${range}::text
          when 'month' then pg_catalog.date_trunc('month', day)::date
          when 'last_month' then (pg_catalog.date_trunc('month', day) - interval '1 month')::date
          when 'custom' then coalesce(${query.from ?? null}::date, day - 29)
          else day - ${PRESET_DAYS[range] ?? 30}::int + 1
        end as first_day,
        case ${range}::text
          when 'last_month' then pg_catalog.date_trunc('month', day)::date
          when 'custom' then coalesce(${query.to ?? null}::date, day) + 1
          else day + 1
        end as end_day
      from today
    )
    select first_day::timestamp at time zone ${timeZone}::text as from, end_day::timestamp at time zone ${timeZone}::text as to
    from bounds`;
  return { range, granularity, ...checked(days.from.getTime(), days.to.getTime()) };
}

function checked(from: number, to: number): { from: Date; to: Date } {
  const range = hourRange(from, to);
  if ("message" in range) throw new InvalidError(range.message, { [range.path]: [range.message] });
  return range;
}
