/**
 * The dashboard's top lists, as the signed-in member (RLS), from THE spend query's groups over
 * the dashboard's range: models (with their service), teams, projects and end users, each read
 * from the facets (whole UTC days from day rows, so a month of end users is a few thousand rows).
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

export type TopRow = SpendCounts & {
  /** The group's values (null: not set on the events), e.g. { service, model } or { team }. */
  group: Record<string, string | null>;
  share_percent: string | null;
};
export type TopList = { rows: TopRow[]; truncated: boolean };

export type DashboardTop = { from: string; to: string; models: TopList; teams: TopList; projects: TopList; endUsers: TopList };

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
      endUsers: await topList(tx, org, from, to, ["end_user"]),
    };
  });
}

async function topList(tx: Tx, org: SpendOrg, from: Date, to: Date, groupBy: SpendDimension[]): Promise<TopList> {
  const { groups, truncated } = await querySpendGroups(tx, org, { from, to, groupBy, filters: {} }, DASHBOARD_TOP_ROWS);
  return { rows: groups, truncated };
}
