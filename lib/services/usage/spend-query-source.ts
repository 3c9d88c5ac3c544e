/**
 * The rows every spend query reads, in one shape whichever table they come from: the UTC hour
 * (`bucket`), the seven dimensions, cost, event_count, error_count, unpriced_count and, when
 * asked for, latency_histogram.
 *
 * The hourly rollups (public.spend_rollups) answer anything over service, model, team, project
 * and environment. They do not carry end_user or feature — one row per end user and hour would
 * make them as large as the events — so a query that groups or filters by either reads the raw
 * events (public.usage_events) instead, shaped like rollups (one event = one row, its UTC hour as
 * the bucket, its latency as a one-bucket histogram). That is slower, and reaches back only as
 * far as raw events are kept (organizations.retention_months; rollups are kept for good).
 *
 * The organization filter is always explicit, also under RLS, so the same SQL is right for an
 * API key (service_role) and for a signed-in member.
 */
import "server-only";
import { LATENCY_BOUNDS_MS } from "@/lib/core/usage/latency-histogram";
import type { Tx } from "@/lib/db";
import { isRollupDimension, SPEND_DIMENSIONS, type SpendDimension, type SpendRequest } from "./spend-schemas";

export type SpendSource = "rollups" | "events";

/** The part of a spend query that decides which rows are read. */
export type SpendScope = Pick<SpendRequest, "from" | "to" | "groupBy" | "filters">;

/** Postgres array literal of the bucket bounds: width_bucket(latency_ms, bounds) is the bucket index. */
const LATENCY_BOUNDS_LITERAL = `{${LATENCY_BOUNDS_MS.join(",")}}`;

export function spendSourceOf(scope: Pick<SpendScope, "groupBy" | "filters">): SpendSource {
  const used = [...scope.groupBy, ...(Object.keys(scope.filters) as SpendDimension[])];
  return used.every(isRollupDimension) ? "rollups" : "events";
}

/** `and <dimension> = <value>` for each filter set (exact match). */
export function dimensionFilters(tx: Tx, filters: SpendScope["filters"]) {
  return SPEND_DIMENSIONS.filter((dimension) => filters[dimension] !== undefined).reduce(
    (all, dimension) => tx`${all} and ${tx(dimension)} = ${filters[dimension] ?? null}::text`,
    tx``,
  );
}

/** A select (use it as a subquery or CTE) of the organization's rows in [from, to) matching the filters. */
export function spendRows(tx: Tx, orgId: string, scope: SpendScope, options: { latency?: boolean } = {}) {
  const filters = dimensionFilters(tx, scope.filters);
  if (spendSourceOf(scope) === "rollups") {
    return tx`
      select bucket, service, model, team, project, environment, null::text as end_user, null::text as feature,
        cost, event_count, error_count, unpriced_count ${options.latency ? tx`, latency_histogram` : tx``}
      from public.spend_rollups
      where org_id = ${orgId} and bucket >= ${scope.from} and bucket < ${scope.to} ${filters}`;
  }
  // Unpriced events have no cost: 0 here adds nothing, exactly as in the rollups.
  return tx`
    select pg_catalog.date_trunc('hour', occurred_at, 'UTC') as bucket, service, model, team, project, environment,
      end_user, feature, coalesce(cost, 0) as cost, 1::bigint as event_count,
      (status = 'error')::int::bigint as error_count, (pricing_status = 'unpriced')::int::bigint as unpriced_count
      ${options.latency ? tx`, ${latencyAsHistogram(tx)} as latency_histogram` : tx``}
    from public.usage_events
    where org_id = ${orgId} and occurred_at >= ${scope.from} and occurred_at < ${scope.to} ${filters}`;
}

/** One event's latency as a histogram with a single 1 at its bucket (empty without a latency). */
function latencyAsHistogram(tx: Tx) {
  return tx`case when latency_ms is null then '{}'::bigint[]
    else pg_catalog.array_fill(0::bigint, array[pg_catalog.width_bucket(latency_ms, ${LATENCY_BOUNDS_LITERAL}::int[])]) || 1::bigint end`;
}
