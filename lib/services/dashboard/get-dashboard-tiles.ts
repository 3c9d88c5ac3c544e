/**
 * The dashboard's tiles, as the signed-in member (RLS): spend today and this month so far from
 * private.spend_totals — the function every `spend` Realtime message takes its totals from, so
 * the first paint and the live numbers agree — each with the previous period for comparison, and
 * the month-end forecast (month-end-forecast.ts).
 *
 * The previous periods end at the same point as the current ones, on the same hourly totals:
 * yesterday up to the same hour, and last month from its first day up to the same day and hour
 * (the 31st compares with the last day of a shorter month). Last month's whole total is there
 * for the forecast tile. Days and months are the organization's time zone's.
 */
import "server-only";
import { formatDecimal, parseDecimal, subtract } from "@/lib/core/money";
import { NotFoundError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import { exploreOrg } from "@/lib/services/usage/explore-spend-request";
import type { OrgContext } from "@/lib/tenancy/context";
import { monthEndForecast, type MonthEndForecast } from "./month-end-forecast";

export type DashboardTiles = {
  currency: string;
  /** Whether the organization has ever recorded usage (the empty state otherwise). */
  hasUsage: boolean;
  /** Today in the organization's zone: start (ISO), spent so far, and yesterday up to the same hour. */
  today: { start: string; spent: string; previous: string };
  /** This month: start and end (ISO), spent so far, last month up to the same day and hour, and last month's total. */
  month: { start: string; end: string; spent: string; previous: string; lastMonth: string };
  forecast: MonthEndForecast;
};

type TotalsRow = { today: string; month: string; today_start: Date; month_start: Date; month_end: Date; has_usage: boolean };
type BoundsRow = { yesterday_start: Date; yesterday_until: Date; last_month_start: Date; last_month_until: Date; month_start: Date };
type PreviousRow = { yesterday: string; month_before: string; last_month: string };

export async function getDashboardTiles(ctx: OrgContext, now = Date.now()): Promise<DashboardTiles> {
  const org = exploreOrg(ctx);
  const zone = org.timezone;
  return asActor(ctx.actor, async (tx) => {
    const [totals] = await tx<(TotalsRow | undefined)[]>`
      select pg_catalog.trim_scale(t.today)::text as today, pg_catalog.trim_scale(t.month)::text as month, t.today_start, t.month_start,
        (t.month_start at time zone ${zone}::text + interval '1 month') at time zone ${zone}::text as month_end,
        exists (select 1 from public.spend_facets where org_id = ${org.id} and dimension = 'all') as has_usage
      from private.spend_totals(${org.id}, ${new Date(now)}) t`;
    // No row: the organization is not visible to this member (RLS), as for any other organization.
    if (!totals) throw new NotFoundError();

    // The same bucket rule as spend_totals: from the hour holding the period's start up to the hour holding its end.
    const [bounds] = await tx<BoundsRow[]>`
      select pg_catalog.date_trunc('hour', pg_catalog.date_trunc('day', l - interval '1 day') at time zone ${zone}::text) as yesterday_start,
        (l - interval '1 day') at time zone ${zone}::text as yesterday_until,
        pg_catalog.date_trunc('hour', (pg_catalog.date_trunc('month', l) - interval '1 month') at time zone ${zone}::text) as last_month_start,
        (l - interval '1 month') at time zone ${zone}::text as last_month_until,
        pg_catalog.date_trunc('hour', ${totals.month_start}::timestamptz) as month_start
      from (select ${new Date(now)}::timestamptz at time zone ${zone}::text as l) local_now`;
    const [previous] = await tx<PreviousRow[]>`
      select
        pg_catalog.trim_scale(coalesce(sum(cost) filter (where bucket >= ${bounds.yesterday_start} and bucket <= ${bounds.yesterday_until}), 0))::text as yesterday,
        pg_catalog.trim_scale(coalesce(sum(cost) filter (where bucket >= ${bounds.last_month_start} and bucket <= ${bounds.last_month_until}), 0))::text as month_before,
        pg_catalog.trim_scale(coalesce(sum(cost) filter (where bucket >= ${bounds.last_month_start} and bucket < ${bounds.month_start}), 0))::text as last_month
      from public.spend_facets
      where org_id = ${org.id} and dimension = 'all' and span = 'hour' and ((bucket >= ${bounds.last_month_start} and bucket < ${bounds.month_start})
        or (bucket >= ${bounds.yesterday_start} and bucket <= ${bounds.yesterday_until}))`;

    // Backfills into this or last month's complete days change the forecast's history: a new one then.
    const history = `${subtractDecimalStrings(totals.month, totals.today)}:${previous.last_month}`;
    const forecast = await monthEndForecast(tx, org, { now, todayStart: totals.today_start, monthEnd: totals.month_end, history });
    return {
      currency: org.baseCurrency,
      hasUsage: totals.has_usage,
      today: { start: totals.today_start.toISOString(), spent: totals.today, previous: previous.yesterday },
      month: {
        start: totals.month_start.toISOString(),
        end: totals.month_end.toISOString(),
        spent: totals.month,
        previous: previous.month_before,
        lastMonth: previous.last_month,
      },
      forecast,
    };
  });
}

function subtractDecimalStrings(a: string, b: string): string {
  return formatDecimal(subtract(parseDecimal(a), parseDecimal(b)));
}
