/**
 * The dashboard's top lists, as the signed-in member (RLS), from THE spend query's groups:
 *   - models (with their service), teams and projects over the dashboard's range, from the hourly
 *     rollups;
 *   - end users, which only the raw events carry (spend-query-source.ts): over the range but at
 *     most END_USER_DAYS back, since reading raw events costs in proportion to their number, and
 *     never further back than they are kept. Its own request, so the rest never waits for it.
 * Each list holds the DASHBOARD_TOP_ROWS with most cost (then events), with its share of the
 * range's cost, and whether there were more.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { asActor } from "@/lib/services/organizations/run";
import { resolveExploreRange } from "@/lib/services/usage/explore-range";
import { exploreOrg } from "@/lib/services/usage/explore-spend-request";
import { querySpendGroups, type SpendCounts, type SpendOrg } from "@/lib/services/usage/spend-query";
import type { SpendDimension } from "@/lib/services/usage/spend-schemas";
import type { OrgContext } from "@/lib/tenancy/context";
import { DASHBOARD_TOP_ROWS, type DashboardQueryValues } from "./dashboard-schemas";

/** End users are read from raw events over at most this many days. */
export const END_USER_DAYS = 7;
const DAY_MS = 86_400_000;

export type TopRow = SpendCounts & {
  /** The group's values (null: not set on the events), e.g. { service, model } or { team }. */
  group: Record<string, string | null>;
  share_percent: string | null;
};
export type TopList = { rows: TopRow[]; truncated: boolean };

export type DashboardTop = { from: string; to: string; models: TopList; teams: TopList; projects: TopList };
export type DashboardEndUsers = { from: string; to: string; endUsers: TopList };

export async function getDashboardTop(ctx: OrgContext, query: DashboardQueryValues): Promise<DashboardTop> {
  return asActor(ctx.actor, async (tx) => {
    const { from, to } = await resolveExploreRange(tx, ctx.org.timezone, query);
    const org = exploreOrg(ctx);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      models: await topList(tx, org, from, to, ["service", "model"]),
      teams: await topList(tx, org, from, to, ["team"]),
      projects: await topList(tx, org, from, to, ["project"]),
    };
  });
}

export async function getDashboardEndUsers(ctx: OrgContext, query: DashboardQueryValues): Promise<DashboardEndUsers> {
  return asActor(ctx.actor, async (tx) => {
    const range = await resolveExploreRange(tx, ctx.org.timezone, query);
    const from = new Date(Math.max(range.from.getTime(), range.to.getTime() - END_USER_DAYS * DAY_MS));
    return {
      from: from.toISOString(),
      to: range.to.toISOString(),
      endUsers: await topList(tx, exploreOrg(ctx), from, range.to, ["end_user"]),
    };
  });
}

async function topList(tx: Tx, org: SpendOrg, from: Date, to: Date, groupBy: SpendDimension[]): Promise<TopList> {
  const { groups, truncated } = await querySpendGroups(tx, org, { from, to, groupBy, filters: {} }, DASHBOARD_TOP_ROWS);
  return { rows: groups, truncated };
}
