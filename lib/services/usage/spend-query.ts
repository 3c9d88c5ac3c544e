/**
 * THE spend query: totals and a time series over [from, to), by granularity, split by any
 * dimensions and filtered by exact match. GET /api/v1/spend (as an API key) and the Explore page
 * (as the signed-in member, under RLS) both call it inside their own transaction, so they cannot
 * disagree. Rows come from spend-query-source.ts (facets, rollups or raw events: the smallest that
 * can answer).
 *
 * Day and month buckets are cut in the organization's time zone as date_trunc(g, hour at time
 * zone tz) over the UTC hours — raw events are first truncated to their UTC hour too, so a query
 * answers the same whichever table it reads. That is exact for zones with whole-hour offsets; in
 * half-hour zones an hour straddling local midnight counts in the day it starts in (known
 * limitation). Hour buckets are the UTC hours, shown in the organization's offset. Costs are
 * summed as numeric and returned as decimal strings; unpriced events are counted, never added to
 * cost as 0.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { InvalidError } from "@/lib/services/errors";
import { spendRows, spendSourceOf, type SpendScope, type SpendSource } from "./spend-query-source";
import { SPEND_MAX_ROWS, type SpendDimension, type SpendRequest, type SpendResult } from "./spend-schemas";

/** What the query needs to know about the organization (read by the caller in its transaction). */
export type SpendOrg = { id: string; timezone: string; baseCurrency: string };

type Sums = { cost: string; events: string | number; errors: string | number; unpriced_events: string | number };
type DimensionValues = Record<SpendDimension, string | null>;
type SeriesRow = Sums & DimensionValues & { local_start: string; offset_seconds: number; other: boolean };
type GroupRow = Sums & DimensionValues & { share_percent: string | null };

export type SpendCounts = { cost: string; events: number; errors: number; unpriced_events: number };
export type SpendSeriesRow = SpendResult["series"][number] & { other: boolean };
export type SpendQueryResult = Omit<SpendResult, "series"> & { series: SpendSeriesRow[]; source: SpendSource };
export type SpendGroup = SpendCounts & { group: Record<string, string | null>; share_percent: string | null };

export type SpendQueryOptions = {
  /**
   * Keep the series to the `topGroups` groups with the most cost over the whole range; the rest
   * is summed per bucket into one row with `other: true` (its group values null). For charts.
   */
  topGroups?: number;
};

export async function querySpend(tx: Tx, org: SpendOrg, query: SpendRequest, options: SpendQueryOptions = {}): Promise<SpendQueryResult> {
  const { from, to, granularity, groupBy } = query;
  const zone = org.timezone;
  const grouped = (dimension: SpendDimension) => groupBy.includes(dimension);

  const series = await tx<SeriesRow[]>`
    with bucketed as (
      select
        case when ${granularity}::text = 'hour' then r.bucket
             else pg_catalog.date_trunc(${granularity}::text, r.bucket at time zone ${zone}::text) at time zone ${zone}::text
        end as bucket_start,
        ${groupColumns(tx, grouped)},
        r.cost, r.event_count, r.error_count, r.unpriced_count
      from (${spendRows(tx, org.id, query)}) r
    ), per_bucket as (
      select bucket_start, service, model, team, project, environment, end_user, feature, sum(cost) as cost,
        sum(event_count) as events, sum(error_count) as errors, sum(unpriced_count) as unpriced_events
      from bucketed
      group by bucket_start, service, model, team, project, environment, end_user, feature
    ), ranked as (
      -- A group's rank by its cost (then events) over the whole range; only used with topGroups.
      select p.*, coalesce(pg_catalog.dense_rank() over (
          order by p.group_cost desc, p.group_events desc, service nulls first, model nulls first, team nulls first,
            project nulls first, environment nulls first, end_user nulls first, feature nulls first) > ${options.topGroups ?? null}::int,
          false) as other
      from (
        select b.*, sum(b.cost) over w as group_cost, sum(b.events) over w as group_events
        from per_bucket b
        window w as (partition by service, model, team, project, environment, end_user, feature)
      ) p
    )
    select
      pg_catalog.to_char(bucket_start at time zone ${zone}::text, 'YYYY-MM-DD"T"HH24:MI:SS') as local_start,
      extract(epoch from (bucket_start at time zone ${zone}::text) - (bucket_start at time zone 'UTC'))::int as offset_seconds,
      other,
      case when not other then service end as service, case when not other then model end as model,
      case when not other then team end as team, case when not other then project end as project,
      case when not other then environment end as environment, case when not other then end_user end as end_user,
      case when not other then feature end as feature,
      pg_catalog.trim_scale(sum(cost))::text as cost, sum(events)::bigint as events, sum(errors)::bigint as errors,
      sum(unpriced_events)::bigint as unpriced_events
    from ranked
    group by bucket_start, 3, 4, 5, 6, 7, 8, 9, 10
    order by bucket_start, other, service nulls first, model nulls first, team nulls first, project nulls first,
      environment nulls first, end_user nulls first, feature nulls first
    limit ${SPEND_MAX_ROWS + 1}`;
  if (series.length > SPEND_MAX_ROWS) {
    const message = `More than ${SPEND_MAX_ROWS} series rows: use a coarser granularity, fewer group_by dimensions, filters or a shorter range.`;
    throw new InvalidError(message, { granularity: [message] });
  }

  const totals = await querySpendTotals(tx, org, query);

  return {
    currency: org.baseCurrency,
    from: from.toISOString(),
    to: to.toISOString(),
    granularity,
    group_by: groupBy,
    timezone: zone,
    source: spendSourceOf(query),
    totals,
    series: series.map((row) => ({
      bucket_start: `${row.local_start}${formatOffset(row.offset_seconds)}`,
      group: groupOf(row, groupBy),
      other: row.other,
      ...counts(row),
    })),
  };
}

/** Totals over [from, to) for the scope's filters (its groupBy only decides which table answers). */
export async function querySpendTotals(tx: Tx, org: SpendOrg, scope: SpendScope): Promise<SpendCounts> {
  const [totals] = await tx<Sums[]>`
    select pg_catalog.trim_scale(coalesce(sum(r.cost), 0))::text as cost, coalesce(sum(r.event_count), 0)::bigint as events,
      coalesce(sum(r.error_count), 0)::bigint as errors, coalesce(sum(r.unpriced_count), 0)::bigint as unpriced_events
    from (${spendRows(tx, org.id, scope, { wholeRange: true })}) r`;
  return counts(totals);
}

/**
 * Totals per group over the whole range, most cost first (then most events), at most `limit`
 * (`truncated` says there were more), with each group's share of the total cost in percent
 * (one decimal; null when the total is 0).
 */
export async function querySpendGroups(
  tx: Tx,
  org: SpendOrg,
  scope: SpendScope,
  limit: number,
): Promise<{ groups: SpendGroup[]; truncated: boolean }> {
  const grouped = (dimension: SpendDimension) => scope.groupBy.includes(dimension);
  const rows = await tx<GroupRow[]>`
    select service, model, team, project, environment, end_user, feature,
      pg_catalog.trim_scale(sum(cost))::text as cost,
      pg_catalog.trim_scale(pg_catalog.round(100 * sum(cost) / nullif(sum(sum(cost)) over (), 0), 1))::text as share_percent,
      sum(event_count)::bigint as events, sum(error_count)::bigint as errors, sum(unpriced_count)::bigint as unpriced_events
    from (select ${groupColumns(tx, grouped)}, r.cost, r.event_count, r.error_count, r.unpriced_count
          from (${spendRows(tx, org.id, scope, { wholeRange: true })}) r) g
    group by service, model, team, project, environment, end_user, feature
    order by sum(cost) desc, sum(event_count) desc, service nulls first, model nulls first, team nulls first,
      project nulls first, environment nulls first, end_user nulls first, feature nulls first
    limit ${limit + 1}`;
  return {
    groups: rows.slice(0, limit).map((row) => ({ group: groupOf(row, scope.groupBy), share_percent: row.share_percent, ...counts(row) })),
    truncated: rows.length > limit,
  };
}

/**
 * Every bucket start in [from, to), empty ones included, written like the series' bucket_start —
 * for charts that show gaps as gaps. Day and month steps are taken in local time, so a bucket
 * after a daylight-saving change still starts at local midnight.
 */
export async function spendBuckets(tx: Tx, org: SpendOrg, query: Pick<SpendRequest, "from" | "to" | "granularity">): Promise<string[]> {
  const zone = org.timezone;
  const rows = await tx<{ local_start: string; offset_seconds: number }[]>`
    with starts as (
      select pg_catalog.generate_series(${query.from}::timestamptz, ${query.to}::timestamptz - interval '1 hour', interval '1 hour') as bucket_start
      where ${query.granularity}::text = 'hour'
      union all
      select local at time zone ${zone}::text
      from pg_catalog.generate_series(
        pg_catalog.date_trunc(${query.granularity}::text, ${query.from}::timestamptz at time zone ${zone}::text),
        ${query.to}::timestamptz at time zone ${zone}::text - interval '1 microsecond',
        ('1 ' || ${query.granularity}::text)::interval) as local
      where ${query.granularity}::text <> 'hour'
    )
    select pg_catalog.to_char(bucket_start at time zone ${zone}::text, 'YYYY-MM-DD"T"HH24:MI:SS') as local_start,
      extract(epoch from (bucket_start at time zone ${zone}::text) - (bucket_start at time zone 'UTC'))::int as offset_seconds
    from starts order by bucket_start
    limit ${SPEND_MAX_ROWS}`;
  return rows.map((row) => `${row.local_start}${formatOffset(row.offset_seconds)}`);
}

/** Each dimension's value when grouped by it, else null (so it never splits rows). */
function groupColumns(tx: Tx, grouped: (dimension: SpendDimension) => boolean) {
  return tx`
    case when ${grouped("service")}::boolean then r.service end as service,
    case when ${grouped("model")}::boolean then r.model end as model,
    case when ${grouped("team")}::boolean then r.team end as team,
    case when ${grouped("project")}::boolean then r.project end as project,
    case when ${grouped("environment")}::boolean then r.environment end as environment,
    case when ${grouped("end_user")}::boolean then r.end_user end as end_user,
    case when ${grouped("feature")}::boolean then r.feature end as feature`;
}

function groupOf(row: DimensionValues, groupBy: readonly SpendDimension[]): Record<string, string | null> {
  return Object.fromEntries(groupBy.map((dimension) => [dimension, row[dimension]]));
}

function counts(row: Sums): SpendCounts {
  return { cost: row.cost, events: Number(row.events), errors: Number(row.errors), unpriced_events: Number(row.unpriced_events) };
}

function formatOffset(seconds: number): string {
  if (seconds === 0) return "Z";
  const sign = seconds < 0 ? "-" : "+";
  const minutes = Math.abs(seconds) / 60;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
