/**
 * The rows every spend query reads, in one shape whichever table they come from: the UTC hour
 * (`bucket`), the seven dimensions, cost, event_count, error_count, unpriced_count and, when
 * asked for, latency_histogram. Three tables, the smallest that can answer:
 *
 *   - facets (public.spend_facets): hourly totals per value of one dimension. They answer a
 *     query without filters that groups by at most one dimension, or by service and model — the
 *     dashboard, most of Explore. A month of the organization's total is ≤ 744 rows.
 *   - rollups (public.spend_rollups): hourly totals per combination of service, model, team,
 *     project and environment. They answer any grouping and filtering over those five, and carry
 *     the latency histograms.
 *   - events (public.usage_events): the raw events, shaped like rollups (one event = one row, its
 *     UTC hour as the bucket, its latency as a one-bucket histogram), for filters on end_user or
 *     feature and for groupings that combine them with another dimension. Slower, and only as far
 *     back as raw events are kept (organizations.retention_months); facets and rollups are kept
 *     for good.
 *
 * All three count the same events into the same UTC hours, so a query answers the same whichever
 * it reads. The organization filter is always explicit, also under RLS, so the same SQL is right
 * for an API key (service_role) and for a signed-in member.
 */
import "server-only";
import { LATENCY_BOUNDS_MS } from "@/lib/core/usage/latency-histogram";
import type { Tx } from "@/lib/db";
import { isRollupDimension, SPEND_DIMENSIONS, type SpendDimension, type SpendRequest } from "./spend-schemas";

export type SpendSource = "facets" | "rollups" | "events";
type FacetDimension = SpendDimension | "all";

/** The part of a spend query that decides which rows are read. */
export type SpendScope = Pick<SpendRequest, "from" | "to" | "groupBy" | "filters">;

const DAY_MS = 86_400_000;

/** Postgres array literal of the bucket bounds: width_bucket(latency_ms, bounds) is the bucket index. */
const LATENCY_BOUNDS_LITERAL = `{${LATENCY_BOUNDS_MS.join(",")}}`;

type SourceOptions = {
  /** Include latency_histogram (not on facets). */
  latency?: boolean;
  /**
   * The caller only sums over the whole range, never by bucket: facets may then answer whole UTC
   * days from their day rows (`bucket` is then a day's start).
   */
  wholeRange?: boolean;
};

export function spendSourceOf(scope: Pick<SpendScope, "groupBy" | "filters">, options: SourceOptions = {}): SpendSource {
  if (facetOf(scope, options) !== null) return "facets";
  const used = [...scope.groupBy, ...filteredDimensions(scope.filters)];
  return used.every(isRollupDimension) ? "rollups" : "events";
}

/** The facet dimension that answers the scope ("all" for no grouping), or null when none can. */
function facetOf(scope: Pick<SpendScope, "groupBy" | "filters">, options: SourceOptions): FacetDimension | null {
  // Facets carry no latency histograms and only one dimension's values.
  if (options.latency || filteredDimensions(scope.filters).length > 0) return null;
  const grouped = new Set(scope.groupBy);
  if (grouped.size === 0) return "all";
  if (grouped.size === 1) return scope.groupBy[0];
  // Model rows also name their service.
  return grouped.size === 2 && grouped.has("service") && grouped.has("model") ? "model" : null;
}

function filteredDimensions(filters: SpendScope["filters"]): SpendDimension[] {
  return SPEND_DIMENSIONS.filter((dimension) => filters[dimension] !== undefined);
}

/** `and <dimension> = <value>` for each filter set (exact match). */
export function dimensionFilters(tx: Tx, filters: SpendScope["filters"]) {
  return SPEND_DIMENSIONS.filter((dimension) => filters[dimension] !== undefined).reduce(
    (all, dimension) => tx`${all} and ${tx(dimension)} = ${filters[dimension] ?? null}::text`,
    tx``,
  );
}

/** A select (use it as a subquery or CTE) of the organization's rows in [from, to) matching the filters. */
export function spendRows(tx: Tx, orgId: string, scope: SpendScope, options: SourceOptions = {}) {
  const facet = facetOf(scope, options);
  if (facet !== null) {
    return tx`
      select bucket, ${facetColumns(tx, facet)}, cost, event_count, error_count, unpriced_count
      from public.spend_facets
      where org_id = ${orgId} and dimension = ${facet}
        and ${options.wholeRange ? facetRange(tx, scope.from, scope.to) : tx`span = 'hour' and bucket >= ${scope.from} and bucket < ${scope.to}`}`;
  }
  const filters = dimensionFilters(tx, scope.filters);
  if (spendSourceOf(scope, options) === "rollups") {
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

/**
 * The condition on spend_facets that covers [from, to) (whole UTC hours) exactly once: its whole
 * UTC days from day rows, the hours before the first and after the last from hour rows.
 */
export function facetRange(tx: Tx, from: Date, to: Date) {
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const endDay = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  if (firstDay >= endDay) return tx`(span = 'hour' and bucket >= ${from} and bucket < ${to})`;
  return tx`(
    (span = 'day' and bucket >= ${firstDay} and bucket < ${endDay})
    or (span = 'hour' and bucket >= ${from} and bucket < ${firstDay})
    or (span = 'hour' and bucket >= ${endDay} and bucket < ${to}))`;
}

/** The seven dimension columns of a facet's rows: its value under its own name, the others null. */
function facetColumns(tx: Tx, facet: FacetDimension) {
  return SPEND_DIMENSIONS.map((dimension) => {
    if (dimension === facet) return tx`value as ${tx(dimension)}`;
    if (dimension === "service" && facet === "model") return tx`service`;
    return tx`null::text as ${tx(dimension)}`;
  }).reduce((all, column) => tx`${all}, ${column}`);
}

/** One event's latency as a histogram with a single 1 at its bucket (empty without a latency). */
function latencyAsHistogram(tx: Tx) {
  return tx`case when latency_ms is null then '{}'::bigint[]
    else pg_catalog.array_fill(0::bigint, array[pg_catalog.width_bucket(latency_ms, ${LATENCY_BOUNDS_LITERAL}::int[])]) || 1::bigint end`;
}
