/**
 * The dashboard's "spend over time" card, as the signed-in member (RLS): the range's totals
 * (unpriced events included, for the unpriced-usage card), the series stacked by service (the
 * DASHBOARD_CHART_SERVICES with most cost, the rest as "Other"), every bucket of the range (empty
 * ones too), and the services by cost with their share — THE spend query (over the hourly facets),
 * in one transaction, so they add up. The range is Explore's (explore-range.ts), so a link to
 * Explore shows the same days.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import { resolveExploreRange } from "@/lib/services/usage/explore-range";
import { exploreOrg } from "@/lib/services/usage/explore-spend-request";
import { querySpend, querySpendGroups, spendBuckets, type SpendCounts } from "@/lib/services/usage/spend-query";
import type { SpendGranularity, SpendRequest } from "@/lib/services/usage/spend-schemas";
import type { OrgContext } from "@/lib/tenancy/context";
import { DASHBOARD_CHART_SERVICES, type DashboardQueryValues, type DashboardRange } from "./dashboard-schemas";

export type DashboardSeriesRow = SpendCounts & {
  /** Bucket start in the organization's offset ("2026-03-10T00:00:00+01:00"). */
  bucket_start: string;
  /** The service; null for "Other" (the services outside the chart's top ones). */
  service: string | null;
};

export type DashboardServiceRow = SpendCounts & { service: string; share_percent: string | null };

export type DashboardSpend = {
  range: DashboardRange;
  granularity: SpendGranularity;
  /** The range [from, to), ISO. */
  from: string;
  to: string;
  currency: string;
  timezone: string;
  totals: SpendCounts;
  buckets: string[];
  series: DashboardSeriesRow[];
  /** Most cost first, at most DASHBOARD_CHART_SERVICES; `truncated` when there are more. */
  services: { rows: DashboardServiceRow[]; truncated: boolean };
};

export async function getDashboardSpend(ctx: OrgContext, query: DashboardQueryValues): Promise<DashboardSpend> {
  return asActor(ctx.actor, async (tx) => {
    const range = await resolveExploreRange(tx, ctx.org.timezone, query);
    const org = exploreOrg(ctx);
    const request: SpendRequest = { from: range.from, to: range.to, granularity: range.granularity, groupBy: ["service"], filters: {} };
    const spend = await querySpend(tx, org, request, { topGroups: DASHBOARD_CHART_SERVICES });
    const services = await querySpendGroups(tx, org, request, DASHBOARD_CHART_SERVICES);
    const buckets = await spendBuckets(tx, org, request);
    return {
      range: query.range,
      granularity: spend.granularity,
      from: spend.from,
      to: spend.to,
      currency: spend.currency,
      timezone: spend.timezone,
      totals: spend.totals,
      buckets,
      series: spend.series.map(({ bucket_start, group, other, cost, events, errors, unpriced_events }) => ({
        bucket_start, service: other ? null : (group.service ?? null), cost, events, errors, unpriced_events,
      })),
      services: {
        rows: services.groups.map(({ group, ...row }) => ({ ...row, service: group.service ?? "" })),
        truncated: services.truncated,
      },
    };
  });
}
