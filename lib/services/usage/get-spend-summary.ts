/**
 * A compact answer to "what did we spend?" for an API key — the MCP `spend_summary` tool: totals
 * over a range and the groups with most cost, from THE spend query (spend-query.ts) in one
 * transaction, as GET /api/v1/spend but without the time series (a model needs the ranking, not
 * ten thousand rows).
 */
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { NotFoundError } from "@/lib/services/errors";
import { querySpendGroups, querySpendTotals, type SpendCounts, type SpendGroup } from "./spend-query";
import type { SpendScope } from "./spend-query-source";

export type SpendSummary = {
  currency: string;
  timezone: string;
  from: string;
  to: string;
  group_by: string[];
  totals: SpendCounts;
  groups: SpendGroup[];
  truncated: boolean;
};

export async function getSpendSummary(principal: ApiKeyPrincipal, scope: SpendScope, limit: number): Promise<SpendSummary> {
  return asApiKey(principal, async (tx) => {
    const [row] = await tx<{ timezone: string; base_currency: string }[]>`
      select timezone, base_currency from public.organizations where id = ${principal.org.id}`;
    if (!row) throw new NotFoundError("This API key's organization no longer exists.");
    const org = { id: principal.org.id, timezone: row.timezone, baseCurrency: row.base_currency };
    const totals = await querySpendTotals(tx, org, scope);
    const { groups, truncated } = scope.groupBy.length > 0 ? await querySpendGroups(tx, org, scope, limit) : { groups: [], truncated: false };
    return {
      currency: org.baseCurrency,
      timezone: org.timezone,
      from: scope.from.toISOString(),
      to: scope.to.toISOString(),
      group_by: scope.groupBy,
      totals,
      groups,
      truncated,
    };
  });
}
