/**
 * Everything the Explore page shows above the event list, for the signed-in member (RLS, and the
 * organization filter explicit): totals, the chart series (the EXPLORE_CHART_GROUPS groups with
 * most cost, the rest as "Other"), a row per group with its share, and per-service health — all
 * from the shared spend query in one transaction, so they add up.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { resolveExploreRange } from "./explore-range";
import { EXPLORE_CHART_GROUPS, EXPLORE_GROUP_ROWS, type ExploreQueryValues, type ExploreRange } from "./explore-schemas";
import { exploreOrg, exploreSpendRequest } from "./explore-spend-request";
import { querySpend, querySpendGroups, spendBuckets, type SpendCounts } from "./spend-query";
import { queryServiceHealth, type ServiceHealth } from "./spend-query-health";
import type { SpendSource } from "./spend-query-source";
import type { SpendDimension, SpendGranularity } from "./spend-schemas";

export type ExploreSeriesRow = SpendCounts & {
  /** Bucket start in the organization's offset ("2026-03-10T00:00:00+01:00"). */
  bucket_start: string;
  /** The group_by value (null: not set on the events, or no group_by). */
  value: string | null;
  /** The sum of the groups outside the chart's top groups. */
  other: boolean;
};

export type ExploreGroupRow = SpendCounts & { value: string | null; share_percent: string | null };

export type ExploreSummary = {
  range: ExploreRange;
  from: string;
  to: string;
  granularity: SpendGranularity;
  currency: string;
  timezone: string;
  groupBy: SpendDimension | null;
  source: SpendSource;
  /** When the answer comes from raw events and the range starts before the oldest kept: from when it is complete. */
  rawEventsSince: string | null;
  totals: SpendCounts;
  /** Every bucket start in the range, empty ones included (the series has non-empty ones only). */
  buckets: string[];
  series: ExploreSeriesRow[];
  groups: { rows: ExploreGroupRow[]; truncated: boolean };
  health: ServiceHealth;
};

export async function getExploreSummary(ctx: OrgContext, query: ExploreQueryValues): Promise<ExploreSummary> {
  return asActor(ctx.actor, async (tx) => {
    const range = await resolveExploreRange(tx, ctx.org.timezone, query);
    const request = exploreSpendRequest(query, range);
    const org = exploreOrg(ctx);
    const spend = await querySpend(tx, org, request, { topGroups: EXPLORE_CHART_GROUPS });
    const groups = await querySpendGroups(tx, org, request, EXPLORE_GROUP_ROWS);
    const health = await queryServiceHealth(tx, org.id, request);
    const buckets = await spendBuckets(tx, org, request);
    const groupBy = query.group_by ?? null;
    const valueOf = (group: Record<string, string | null>) => (groupBy ? group[groupBy] ?? null : null);

    let rawEventsSince: string | null = null;
    if (spend.source === "events") {
      const [kept] = await tx<{ since: Date }[]>`
        select pg_catalog.now() - pg_catalog.make_interval(months => retention_months) as since
        from public.organizations where id = ${org.id}`;
      if (kept && kept.since > range.from) rawEventsSince = kept.since.toISOString();
    }

    return {
      range: range.range,
      from: spend.from,
      to: spend.to,
      granularity: spend.granularity,
      currency: spend.currency,
      timezone: spend.timezone,
      groupBy,
      source: spend.source,
      rawEventsSince,
      totals: spend.totals,
      buckets,
      series: spend.series.map(({ group, bucket_start, other, cost, events, errors, unpriced_events }) => ({
        bucket_start, value: valueOf(group), other, cost, events, errors, unpriced_events,
      })),
      groups: {
        rows: groups.groups.map(({ group, ...row }) => ({ ...row, value: valueOf(group) })),
        truncated: groups.truncated,
      },
      health,
    };
  });
}
