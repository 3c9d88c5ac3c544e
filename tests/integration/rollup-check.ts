/**
 * Rows where an organization's hourly rollups or its hourly and daily facets disagree with the sum
 * of its stored events, in either direction (empty when both are exact). Computed independently of
 * the ingest SQL and the facet triggers — the latency histogram too, from the bucket bounds of
 * lib/core.
 */
import type { Sql } from "postgres";
import { LATENCY_BOUNDS_MS } from "../../lib/core/usage/latency-histogram.ts";

export async function rollupMismatches(sql: Sql, orgId: string) {
  return [...(await hourlyRollupMismatches(sql, orgId)), ...(await facetMismatches(sql, orgId))];
}

function hourlyRollupMismatches(sql: Sql, orgId: string) {
  return sql`
    with ev as (
      select date_trunc('hour', occurred_at, 'UTC') as bucket, service, model, team, project, environment,
        -- A hashable key that treats nulls as equal, so the joins below are hash joins.
        jsonb_build_array(service, model, team, project, environment) as gk, cost, status, pricing_status, latency_ms, quantities
      from public.usage_events where org_id = ${orgId}
    ), units as (
      select bucket, gk, jsonb_object_agg(key, total::text) as quantities
      from (select bucket, gk, q.key, sum(q.value::numeric) as total
            from ev, jsonb_each_text(ev.quantities) q group by 1, 2, 3) s
      group by 1, 2
    ), sums as (
      select bucket, gk, service, model, team, project, environment, coalesce(sum(cost), 0) as cost, count(*) as event_count,
        count(*) filter (where status = 'error') as error_count, count(*) filter (where pricing_status = 'unpriced') as unpriced_count,
        coalesce(sum(latency_ms), 0) as latency_ms_sum, count(latency_ms) as latency_count,
        case when count(latency_ms) = 0 then '{}'::bigint[] else array[${sql.unsafe(histogramColumns())}]::bigint[] end as latency_histogram
      from ev group by 1, 2, 3, 4, 5, 6, 7
    ), from_events as (
      select s.bucket, s.service, s.model, s.team, s.project, s.environment, s.cost, s.event_count, s.error_count,
        s.unpriced_count, s.latency_ms_sum, s.latency_count, s.latency_histogram, coalesce(u.quantities, '{}') as quantities
      from sums s left join units u on u.bucket = s.bucket and u.gk = s.gk
    ), from_rollups as (
      select bucket, service, model, team, project, environment, cost, event_count, error_count, unpriced_count,
        latency_ms_sum, latency_count, latency_histogram, quantities
      from public.spend_rollups where org_id = ${orgId}
    )
    (select 'events only' as side, * from (select * from from_events except select * from from_rollups) x)
    union all
    (select 'rollups only', * from (select * from from_rollups except select * from from_events) y)`;
}

function facetMismatches(sql: Sql, orgId: string) {
  return sql`
    with from_events as (
      select d.dimension, s.span, date_trunc(s.span, e.occurred_at, 'UTC') as bucket, d.service, d.value,
        coalesce(sum(e.cost), 0) as cost, count(*) as event_count, count(*) filter (where e.status = 'error') as error_count,
        count(*) filter (where e.pricing_status = 'unpriced') as unpriced_count
      from public.usage_events e
      cross join lateral (values ('all', null, null), ('service', null, e.service), ('model', e.service, e.model),
        ('team', null, e.team), ('project', null, e.project), ('environment', null, e.environment),
        ('end_user', null, e.end_user), ('feature', null, e.feature)) as d(dimension, service, value)
      cross join (values ('hour'), ('day')) as s(span)
      where e.org_id = ${orgId}
      group by 1, 2, 3, 4, 5
    ), from_facets as (
      select dimension, span, bucket, service, value, cost, event_count, error_count, unpriced_count
      from public.spend_facets where org_id = ${orgId}
    )
    (select 'events only (facets)' as side, * from (select * from from_events except select * from from_facets) x)
    union all
    (select 'facets only', * from (select * from from_facets except select * from from_events) y)`;
}

/** One `count(*) filter (…)` per latency bucket: [0, b0), [b0, b1), …, [bLast, ∞). */
function histogramColumns(): string {
  const edges = [0, ...LATENCY_BOUNDS_MS];
  return edges
    .map((lower, i) => {
      const upper = LATENCY_BOUNDS_MS[i];
      return `count(*) filter (where latency_ms >= ${lower}${upper === undefined ? "" : ` and latency_ms < ${upper}`})`;
    })
    .join(", ");
}
