/**
 * What the Explore filters offer: the values each dimension takes in the organization's data
 * over the chosen range (whatever the other filters), and whether it has usage at all (to
 * tell "nothing sent yet" from "nothing matches"). Rollup dimensions list every value, up to
 * OPTION_LIMIT, alphabetically; end_user and feature come from the raw events, the
 * OPTION_LIMIT most frequent — there can be very many end users, so the page lets people type too.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { resolveExploreRange } from "./explore-range";
import type { ExploreQueryValues } from "./explore-schemas";
import { SPEND_DIMENSIONS, type SpendDimension } from "./spend-schemas";

export const OPTION_LIMIT = 200;

export type ExploreOptions = { values: Record<SpendDimension, string[]>; hasUsage: boolean };

export async function getExploreOptions(ctx: OrgContext, query: ExploreQueryValues): Promise<ExploreOptions> {
  return asActor(ctx.actor, async (tx) => {
    const { from, to } = await resolveExploreRange(tx, ctx.org.timezone, query);
    const rows = await tx<{ dimension: SpendDimension; value: string }[]>`
      with rollup_values as (
        select distinct v.dimension, v.value
        from public.spend_rollups r
        cross join lateral (values ('service', r.service), ('model', r.model), ('team', r.team), ('project', r.project),
          ('environment', r.environment)) as v(dimension, value)
        where r.org_id = ${ctx.org.id} and r.bucket >= ${from} and r.bucket < ${to} and v.value is not null
      ), event_values as (
        select v.dimension, v.value, count(*) as events
        from public.usage_events e
        cross join lateral (values ('end_user', e.end_user), ('feature', e.feature)) as v(dimension, value)
        where e.org_id = ${ctx.org.id} and e.occurred_at >= ${from} and e.occurred_at < ${to} and v.value is not null
        group by v.dimension, v.value
      ), ranked as (
        select dimension, value, pg_catalog.row_number() over (partition by dimension order by value) as n from rollup_values
        union all
        select dimension, value, pg_catalog.row_number() over (partition by dimension order by events desc, value) from event_values
      )
      select dimension, value from ranked where n <= ${OPTION_LIMIT} order by dimension, value`;
    const [usage] = await tx<{ exists: boolean }[]>`
      select exists (select 1 from public.spend_rollups where org_id = ${ctx.org.id}) as exists`;

    const values = Object.fromEntries(SPEND_DIMENSIONS.map((dimension) => [dimension, [] as string[]])) as Record<SpendDimension, string[]>;
    for (const row of rows) values[row.dimension].push(row.value);
    return { values, hasUsage: usage.exists };
  });
}
