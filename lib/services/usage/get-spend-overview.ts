/**
 * The dashboard's first look at spend: whether the organization has recorded any usage at all,
 * and the last 30 days in total and per service — from THE spend query (spend-query.ts) over the
 * hourly rollups, as the signed-in member under RLS (viewers included), so the numbers are the
 * ones Explore and GET /api/v1/spend give. Costs stay exact decimal strings in the base currency;
 * unpriced events are counted, never added as 0.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { querySpend, querySpendGroups, type SpendCounts } from "./spend-query";
import { hourRange, SPEND_DEFAULT_RANGE_DAYS } from "./spend-schemas";

export const OVERVIEW_DAYS = SPEND_DEFAULT_RANGE_DAYS;
/** More services than this are left out of the list (the totals still count them). */
export const OVERVIEW_SERVICES = 8;

export type SpendOverview = {
  hasUsage: boolean;
  /** The window: whole UTC hours, the last OVERVIEW_DAYS days up to now. */
  from: Date;
  to: Date;
  currency: string;
  totals: SpendCounts;
  /** Most expensive first; share_percent of the total cost (null when the total is 0). */
  services: (SpendCounts & { service: string; share_percent: string | null })[];
  moreServices: boolean;
};

export async function getSpendOverview(ctx: OrgContext, now = Date.now()): Promise<SpendOverview> {
  const range = hourRange(undefined, now);
  // The default range is always a valid one; the check only narrows the type.
  if ("message" in range) throw new Error(range.message);
  const org = { id: ctx.org.id, timezone: ctx.org.timezone, baseCurrency: ctx.org.baseCurrency };
  return asActor(ctx.actor, async (tx) => {
    const [{ has_usage: hasUsage }] = await tx<{ has_usage: boolean }[]>`
      select exists (select 1 from public.spend_rollups where org_id = ${org.id}) as has_usage`;
    const { totals } = await querySpend(tx, org, { ...range, granularity: "month", groupBy: [], filters: {} });
    const { groups, truncated } = await querySpendGroups(tx, org, { ...range, groupBy: ["service"], filters: {} }, OVERVIEW_SERVICES);
    return {
      hasUsage,
      ...range,
      currency: org.baseCurrency,
      totals,
      services: groups.map(({ group, ...sums }) => ({ service: group.service ?? "", ...sums })),
      moreServices: truncated,
    };
  });
}
