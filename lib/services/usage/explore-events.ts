/**
 * The Explore page's event list: the organization's raw events in the chosen range and filters
 * (plus pricing status and status), newest first, a page at a time, each with everything needed
 * to explain its cost — price lines, unpriced reason, the FX conversion — and its latency,
 * status, dimensions and tags. Runs as the signed-in member (RLS), with the organization filter
 * explicit too.
 *
 * Paging is by keyset on (occurred_at desc, id desc), never OFFSET: the cursor is the last row's
 * exact occurred_at (in microseconds) and id, so events arriving meanwhile neither shift nor
 * repeat rows, and events sharing a timestamp are split across pages without gaps.
 */
import "server-only";
import type { PriceLines } from "@/lib/core/pricing/price-event";
import { InvalidError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { resolveExploreRange } from "./explore-range";
import { EXPLORE_EVENTS_PAGE_SIZE, type EventStatus, type ExploreEventsQueryValues, type PricingStatus } from "./explore-schemas";
import { exploreSpendRequest } from "./explore-spend-request";
import { dimensionFilters } from "./spend-query-source";
import type { SpendDimension } from "./spend-schemas";

export type UsageEventView = {
  id: string;
  clientEventId: string;
  /** ISO 8601, UTC. */
  occurredAt: string;
  receivedAt: string;
  source: string;
  service: string;
  model: string;
  operation: string | null;
  /** Unit → count (decimal string). */
  quantities: Record<string, string>;
  /** In the base currency; null when unpriced. */
  cost: string | null;
  currency: string;
  pricingStatus: PricingStatus;
  unpricedReason: string | null;
  priceLines: PriceLines | null;
  /** The amount before conversion (client's own cost, or the catalog total in the price's currency). */
  originalCost: string | null;
  originalCurrency: string | null;
  fxRate: string | null;
  fxRateDate: string | null;
  latencyMs: number | null;
  status: EventStatus;
  errorCode: string | null;
  dimensions: Record<SpendDimension, string | null>;
  tags: Record<string, string>;
};

export type UsageEventPage = { events: UsageEventView[]; nextCursor: string | null };

type EventRow = Omit<UsageEventView, "dimensions"> & Record<SpendDimension, string | null> & { cursorMicros: string };

const CURSOR = /^(\d{1,20})_(\d{1,20})$/;

export async function listExploreEvents(ctx: OrgContext, query: ExploreEventsQueryValues): Promise<UsageEventPage> {
  const cursor = query.cursor === undefined ? null : CURSOR.exec(query.cursor);
  if (query.cursor !== undefined && !cursor) throw new InvalidError("Invalid page cursor.", { cursor: ["Invalid page cursor."] });
  return asActor(ctx.actor, async (tx) => {
    const { from, to, filters } = exploreSpendRequest(query, await resolveExploreRange(tx, ctx.org.timezone, query));
    const rows = await tx<EventRow[]>`
      select e.id::text as id, e.client_event_id as "clientEventId",
        pg_catalog.to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
        pg_catalog.to_char(e.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "receivedAt",
        e.source, e.service, e.model, e.operation, e.quantities, pg_catalog.trim_scale(e.cost)::text as cost, e.currency,
        e.pricing_status as "pricingStatus", e.unpriced_reason as "unpricedReason", e.price_lines as "priceLines",
        pg_catalog.trim_scale(e.original_cost)::text as "originalCost", e.original_currency as "originalCurrency", pg_catalog.trim_scale(e.fx_rate)::text as "fxRate",
        e.fx_rate_date::text as "fxRateDate", e.latency_ms as "latencyMs", e.status, e.error_code as "errorCode",
        e.team, e.project, e.environment, e.end_user, e.feature, e.tags,
        (extract(epoch from e.occurred_at) * 1000000)::bigint::text as "cursorMicros"
      from public.usage_events e
      where e.org_id = ${ctx.org.id} and e.occurred_at >= ${from} and e.occurred_at < ${to} ${dimensionFilters(tx, filters)}
        and (${query.pricing ?? null}::text is null or e.pricing_status = ${query.pricing ?? null}::text)
        and (${query.status ?? null}::text is null or e.status = ${query.status ?? null}::text)
        and (${cursor?.[1] ?? null}::bigint is null
             or (e.occurred_at, e.id) < (timestamptz 'epoch' + ${cursor?.[1] ?? null}::bigint * interval '1 microsecond', ${cursor?.[2] ?? null}::bigint))
      order by e.occurred_at desc, e.id desc
      limit ${EXPLORE_EVENTS_PAGE_SIZE + 1}`;
    const page = rows.slice(0, EXPLORE_EVENTS_PAGE_SIZE);
    const last = page.at(-1);
    return {
      events: page.map(({ cursorMicros: _cursor, team, project, environment, end_user, feature, service, model, ...event }) => ({
        ...event,
        service,
        model,
        dimensions: { service, model, team, project, environment, end_user, feature },
      })),
      nextCursor: rows.length > EXPLORE_EVENTS_PAGE_SIZE && last ? `${last.cursorMicros}_${last.id}` : null,
    };
  });
}
