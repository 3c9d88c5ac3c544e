/**
 * The organization's unpriced events: how many per reason, and the service + model (+ currency)
 * groups with the most of them, so the page can say what to add — an override for an unknown
 * model, a rate for a currency. Read from the raw events (the reason is not in the rollups), so it
 * covers the retention window. Any member may read it.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";

export const UNPRICED_GROUPS_SHOWN = 20;

export type UnpricedGroup = {
  reason: string;
  service: string;
  model: string;
  /** The cost's currency, for events that wait for a rate (no_fx_rate). */
  currency: string | null;
  events: number;
  /** The first and last event's day in the organization's time zone (where an override's day starts). */
  firstDay: string;
  lastDay: string;
  /** The first event's UTC day (what an exchange rate must be dated on or before). */
  firstUtcDay: string;
};

export type UnpricedSummary = { total: number; byReason: { reason: string; events: number }[]; groups: UnpricedGroup[] };

export function countUnpricedEvents(ctx: OrgContext): Promise<UnpricedSummary> {
  return asActor(ctx.actor, async (tx) => {
    const byReason = await tx<{ reason: string; events: number }[]>`
      select e.unpriced_reason as reason, count(*)::float8 as events
      from public.usage_events e
      where e.org_id = ${ctx.org.id} and e.pricing_status = 'unpriced'
      group by 1 order by 2 desc, 1`;
    const groups = byReason.length === 0 ? [] : await tx<UnpricedGroup[]>`
      select e.unpriced_reason as reason, e.service, e.model, e.original_currency as currency, count(*)::float8 as events,
        to_char(min(e.occurred_at) at time zone ${ctx.org.timezone}, 'YYYY-MM-DD') as "firstDay",
        to_char(max(e.occurred_at) at time zone ${ctx.org.timezone}, 'YYYY-MM-DD') as "lastDay",
        to_char(min(e.occurred_at) at time zone 'UTC', 'YYYY-MM-DD') as "firstUtcDay"
      from public.usage_events e
      where e.org_id = ${ctx.org.id} and e.pricing_status = 'unpriced'
      group by 1, 2, 3, 4 order by 5 desc, 2, 3
      limit ${UNPRICED_GROUPS_SHOWN}`;
    return { total: byReason.reduce((sum, row) => sum + row.events, 0), byReason, groups };
  });
}
