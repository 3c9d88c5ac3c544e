/**
 * Spend over time for an API key (DESIGN §6, GET /api/v1/spend), read from the hourly UTC
 * rollups (public.spend_rollups) in one transaction. Runs as service_role, so the organization
 * filter is explicit and always the key's: nothing in the query can name another tenant.
 *
 * Day and month buckets are cut in the organization's time zone (organizations.timezone, read in
 * the same transaction) as date_trunc(g, bucket at time zone tz). Rollups are whole UTC hours, so
 * that is exact for zones with whole-hour offsets; in half-hour zones an hour straddling local
 * midnight counts in the day it starts in (known limitation). Hour buckets are the UTC hours
 * themselves, shown in the organization's offset. Costs are summed as numeric and returned as
 * decimal strings; unpriced events are counted, never added to cost as 0.
 */
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { InvalidError, NotFoundError } from "@/lib/services/errors";
import { SPEND_DIMENSIONS, SPEND_MAX_ROWS, type SpendRequest, type SpendResult } from "./spend-schemas";

type Sums = { cost: string; events: string | number; errors: string | number; unpriced_events: string | number };
type SeriesRow = Sums & { local_start: string; offset_seconds: number; service: string | null; model: string | null; team: string | null; project: string | null; environment: string | null };

export async function getSpend(principal: ApiKeyPrincipal, query: SpendRequest): Promise<SpendResult> {
  const orgId = principal.org.id;
  const { from, to, granularity, groupBy, filters } = query;
  const grouped = (dimension: (typeof SPEND_DIMENSIONS)[number]) => groupBy.includes(dimension);
  const f = (dimension: (typeof SPEND_DIMENSIONS)[number]) => filters[dimension] ?? null;

  return asApiKey(principal, async (tx) => {
    const [org] = await tx<{ timezone: string; base_currency: string }[]>`
      select timezone, base_currency from public.organizations where id = ${orgId}`;
    if (!org) throw new NotFoundError("This API key's organization no longer exists.");

    const series = await tx<SeriesRow[]>`
      with filtered as (
        select r.* from public.spend_rollups r
        where r.org_id = ${orgId} and r.bucket >= ${from} and r.bucket < ${to}
          and (${f("service")}::text is null or r.service = ${f("service")}::text)
          and (${f("model")}::text is null or r.model = ${f("model")}::text)
          and (${f("team")}::text is null or r.team = ${f("team")}::text)
          and (${f("project")}::text is null or r.project = ${f("project")}::text)
          and (${f("environment")}::text is null or r.environment = ${f("environment")}::text)
      ), bucketed as (
        select
          case when ${granularity}::text = 'hour' then r.bucket
               else pg_catalog.date_trunc(${granularity}::text, r.bucket at time zone ${org.timezone}::text) at time zone ${org.timezone}::text
          end as bucket_start,
          case when ${grouped("service")}::boolean then r.service end as service,
          case when ${grouped("model")}::boolean then r.model end as model,
          case when ${grouped("team")}::boolean then r.team end as team,
          case when ${grouped("project")}::boolean then r.project end as project,
          case when ${grouped("environment")}::boolean then r.environment end as environment,
          r.cost, r.event_count, r.error_count, r.unpriced_count
        from filtered r
      )
      select
        pg_catalog.to_char(b.bucket_start at time zone ${org.timezone}::text, 'YYYY-MM-DD"T"HH24:MI:SS') as local_start,
        extract(epoch from (b.bucket_start at time zone ${org.timezone}::text) - (b.bucket_start at time zone 'UTC'))::int as offset_seconds,
        b.service, b.model, b.team, b.project, b.environment,
        pg_catalog.trim_scale(sum(b.cost))::text as cost, sum(b.event_count)::bigint as events,
        sum(b.error_count)::bigint as errors, sum(b.unpriced_count)::bigint as unpriced_events
      from bucketed b
      group by b.bucket_start, b.service, b.model, b.team, b.project, b.environment
      order by b.bucket_start, b.service nulls first, b.model nulls first, b.team nulls first, b.project nulls first, b.environment nulls first
      limit ${SPEND_MAX_ROWS + 1}`;
    if (series.length > SPEND_MAX_ROWS) {
      const message = `More than ${SPEND_MAX_ROWS} series rows: use a coarser granularity, fewer group_by dimensions, filters or a shorter range.`;
      throw new InvalidError(message, { granularity: [message] });
    }

    const [totals] = await tx<Sums[]>`
      select pg_catalog.trim_scale(coalesce(sum(r.cost), 0))::text as cost, coalesce(sum(r.event_count), 0)::bigint as events,
        coalesce(sum(r.error_count), 0)::bigint as errors, coalesce(sum(r.unpriced_count), 0)::bigint as unpriced_events
      from public.spend_rollups r
      where r.org_id = ${orgId} and r.bucket >= ${from} and r.bucket < ${to}
        and (${f("service")}::text is null or r.service = ${f("service")}::text)
        and (${f("model")}::text is null or r.model = ${f("model")}::text)
        and (${f("team")}::text is null or r.team = ${f("team")}::text)
        and (${f("project")}::text is null or r.project = ${f("project")}::text)
        and (${f("environment")}::text is null or r.environment = ${f("environment")}::text)`;

    return {
      currency: org.base_currency,
      from: from.toISOString(),
      to: to.toISOString(),
      granularity,
      group_by: groupBy,
      timezone: org.timezone,
      totals: sums(totals),
      series: series.map((row) => ({
        bucket_start: `${row.local_start}${formatOffset(row.offset_seconds)}`,
        group: Object.fromEntries(groupBy.map((dimension) => [dimension, row[dimension]])),
        ...sums(row),
      })),
    };
  });
}

function sums(row: Sums) {
  return { cost: row.cost, events: Number(row.events), errors: Number(row.errors), unpriced_events: Number(row.unpriced_events) };
}

function formatOffset(seconds: number): string {
  if (seconds === 0) return "Z";
  const sign = seconds < 0 ? "-" : "+";
  const minutes = Math.abs(seconds) / 60;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
