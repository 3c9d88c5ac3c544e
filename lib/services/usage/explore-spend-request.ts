/** The Explore page's query as the shared spend query takes it (spend-query.ts). */
import "server-only";
import type { OrgContext } from "@/lib/tenancy/context";
import type { ResolvedRange } from "./explore-range";
import type { ExploreQueryValues } from "./explore-schemas";
import type { SpendOrg } from "./spend-query";
import { SPEND_DIMENSIONS, type SpendDimension, type SpendRequest } from "./spend-schemas";

export function exploreSpendRequest(query: ExploreQueryValues, range: ResolvedRange): SpendRequest {
  const filters: Partial<Record<SpendDimension, string>> = {};
  for (const dimension of SPEND_DIMENSIONS) if (query[dimension] !== undefined) filters[dimension] = query[dimension];
  return { from: range.from, to: range.to, granularity: range.granularity, groupBy: query.group_by ? [query.group_by] : [], filters };
}

export function exploreOrg(ctx: OrgContext): SpendOrg {
  return { id: ctx.org.id, timezone: ctx.org.timezone, baseCurrency: ctx.org.baseCurrency };
}
