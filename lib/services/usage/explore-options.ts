/**
 * What the Explore filters offer: the values each dimension takes in the organization's data
 * over the chosen range (whatever the other filters), and whether it has usage at all (to
 * tell "nothing sent yet" from "nothing matches"), from the hourly facets. Rollup dimensions list
 * every value, up to OPTION_LIMIT, alphabetically; end_user and feature the OPTION_LIMIT most
 * frequent — there can be very many end users, so the page lets people type too.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { resolveExploreRange } from "./explore-range";
import type { ExploreQueryValues } from "./explore-schemas";
import { facetRange } from "./spend-query-source";
import { SPEND_DIMENSIONS, type SpendDimension } from "./spend-schemas";

export const OPTION_LIMIT = 200;

export type ExploreOptions = { values: Record<SpendDimension, string[]>; hasUsage: boolean };

export async function getExploreOptions(ctx: OrgContext, query: ExploreQueryValues): Promise<ExploreOptions> {
  return asActor(ctx.actor, async (tx) => {
    const { from, to } = await resolveExploreRange(tx, ctx.org.timezone, query);
    // Rollup dimensions alphabetically; end users and features most frequent first (there can be very many).
    const rows = await tx<{ dimension: SpendDimension; value: string }[]>`
      with facet_values as (
        select dimension, value, sum(event_count) as events
        from public.spend_facets
        where org_id = ${ctx.org.id} and dimension = any (${[...SPEND_DIMENSIONS]}::text[])
          and ${facetRange(tx, from, to)} and value is not null
        group by dimension, value
      ), ranked as (
        select dimension, value, pg_catalog.row_number() over (partition by dimension
          order by case when dimension in ('end_user', 'feature') then events end desc nulls last, value) as n
        from facet_values
      )
      select dimension, value from ranked where n <= ${OPTION_LIMIT} order by dimension, value`;
    const [usage] = await tx<{ exists: boolean }[]>`
      select exists (select 1 from public.spend_facets where org_id = ${ctx.org.id} and dimension = 'all') as exists`;

    const values = Object.fromEntries(SPEND_DIMENSIONS.map((dimension) => [dimension, [] as string[]])) as Record<SpendDimension, string[]>;
    for (const row of rows) values[row.dimension].push(row.value);
    return { values, hasUsage: usage.exists };
  });
}
