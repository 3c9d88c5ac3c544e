/**
 * The live feed's first paint, as the signed-in member (RLS): the organization's newest stored
 * events, newest first, in the shape the `spend` Realtime message carries them (RecentEvent in
 * lib/core/usage/spend-delta.ts: the client's event id, costs as exact decimal strings), so the
 * feed merges both without telling them apart. Events up to ingest's 5 minutes ahead count;
 * (org_id, occurred_at desc) answers it from the newest partition down — ordered by that index
 * alone, so the scan stops after the first few rows (a tie-breaker would sort them all).
 */
import "server-only";
import type { RecentEvent } from "@/lib/core/usage/spend-delta";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { DASHBOARD_FEED_SIZE } from "./dashboard-schemas";

export type DashboardFeed = { events: RecentEvent[] };

export async function getDashboardFeed(ctx: OrgContext, now = Date.now()): Promise<DashboardFeed> {
  return asActor(ctx.actor, async (tx) => {
    // Ordered by the column itself (e.), not the text column of the same name the select makes.
    const events = await tx<RecentEvent[]>`
      select e.client_event_id as id, pg_catalog.to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at,
        e.service, e.model, pg_catalog.trim_scale(e.cost)::text as cost, e.pricing_status, e.team, e.project, e.environment, e.end_user, e.feature
      from public.usage_events e
      where e.org_id = ${ctx.org.id} and e.occurred_at <= ${new Date(now)}::timestamptz + interval '5 minutes'
      order by e.occurred_at desc
      limit ${DASHBOARD_FEED_SIZE}`;
    return { events: [...events] };
  });
}
