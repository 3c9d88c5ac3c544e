/**
 * "Load demo data" against the integration stack: 90 days loaded week by week through ingest as
 * source "demo", exact rollups, a second load that stores nothing, and who may load into which
 * organization (members and viewers refused, outsiders and forged contexts NotFound, nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg, type TeamOrg } from "./api-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { runOrgAction } from "../../lib/actions/run-action.ts";
import { demoDates, generateDemoUsage } from "../../lib/core/demo/usage-generator.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { DashboardQuery } from "../../lib/services/dashboard/dashboard-schemas.ts";
import { getDashboardSpend } from "../../lib/services/dashboard/get-dashboard-spend.ts";
import { getDashboardTiles } from "../../lib/services/dashboard/get-dashboard-tiles.ts";
import { DEMO_CHUNKS, LoadDemoDataInput, loadDemoData, type LoadDemoDataResult } from "../../lib/services/usage/load-demo-data.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

// One instant for the whole file, so both loads generate exactly the same events.
const now = Date.now();
const timeZone = "America/New_York";
// The same configuration as app/(app)/[org]/dashboard/actions.ts, through the framework-free action core.
const action = { schema: LoadDemoDataInput, minimumRole: "admin" as const, handler: loadDemoData };

let team: TeamOrg;
let owner: OrgContext;

beforeAll(async () => {
  team = await teamOrg(sql, "demo");
  // The organization's own zone decides the days: set it in the database, where the verb reads it.
  await sql`update public.organizations set timezone = ${timeZone} where id = ${team.owner.org.id}`;
  owner = await resolveOrgContext(team.owner.actor, team.owner.org.slug);
});

async function loadAll(ctx: OrgContext): Promise<LoadDemoDataResult[]> {
  const results: LoadDemoDataResult[] = [];
  for (let chunk = 0; chunk < DEMO_CHUNKS; chunk++) results.push(await loadDemoData(ctx, { chunk }, now));
  return results;
}

async function stored(orgId: string) {
  type Row = { events: number; cost: string; unpriced: number; sources: string[]; keyed: number; rollup_cost: string; rollup_events: number; rollups_changed: Date | null };
  const [row] = await sql<Row[]>`
    select
      (select count(*)::int from public.usage_events where org_id = ${orgId}) as events,
      (select coalesce(sum(cost), 0)::text from public.usage_events where org_id = ${orgId}) as cost,
      (select count(*)::int from public.usage_events where org_id = ${orgId} and pricing_status = 'unpriced') as unpriced,
      (select coalesce(array_agg(distinct source), '{}') from public.usage_events where org_id = ${orgId}) as sources,
      (select count(*)::int from public.usage_events where org_id = ${orgId} and api_key_id is not null) as keyed,
      (select coalesce(sum(cost), 0)::text from public.spend_rollups where org_id = ${orgId}) as rollup_cost,
      (select coalesce(sum(event_count), 0)::int from public.spend_rollups where org_id = ${orgId}) as rollup_events,
      (select max(updated_at) from public.spend_rollups where org_id = ${orgId}) as rollups_changed`;
  return row;
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("loadDemoData", () => {
  const expected = generateDemoUsage({ now, timeZone });

  it("loads 90 days in the organization's time zone, week by week, as priced demo events with exact rollups", async () => {
    const results = await loadAll(owner);
    const dates = demoDates({ now, timeZone });
    expect(results.map((result) => [result.from, result.to])).toEqual(
      Array.from({ length: DEMO_CHUNKS }, (_, chunk) => [dates[chunk * 7], dates[Math.min(chunk * 7 + 6, dates.length - 1)]]),
    );
    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(expected.length);
    expect(results.every((result) => result.duplicates === 0 && result.rejected === 0 && result.chunks === DEMO_CHUNKS)).toBe(true);

    const orgId = owner.org.id;
    const row = await stored(orgId);
    expect(row).toMatchObject({ events: expected.length, sources: ["demo"], keyed: 0, rollup_events: expected.length });
    expect(row.unpriced).toBe(expected.filter((event) => event.service === "fireworks").length);
    expect(row.unpriced).toBeGreaterThan(0);
    expect(row.rollup_cost).toBe(row.cost);
    expect(Number(row.cost)).toBeGreaterThan(1000);
    // Every hourly rollup row equals its events, unit by unit (slow on 40,000 events: once is enough).
    expect(await rollupMismatches(sql, orgId)).toEqual([]);

    const ids = await sql<{ client_event_id: string }[]>`
      select client_event_id from public.usage_events where org_id = ${orgId} order by client_event_id`;
    expect(ids.map((id) => id.client_event_id)).toEqual(expected.map((event) => event.id).sort());

    // What the dashboard shows: the last 30 days, from the hourly totals.
    expect((await getDashboardTiles(owner, now)).hasUsage).toBe(true);
    const spend = await getDashboardSpend(owner, DashboardQuery.parse({ range: "30d" }));
    expect(spend.totals.unpriced_events).toBeGreaterThan(0);
    expect(spend.services.rows.map((service) => service.service)).toEqual(
      expect.arrayContaining(["openai", "anthropic", "google", "twilio", "resend", "apify", "fireworks"]),
    );
    const [window] = await sql<{ cost: string; events: number }[]>`
      select trim_scale(coalesce(sum(cost), 0))::text as cost, count(*)::int as events from public.usage_events
      where org_id = ${orgId} and occurred_at >= ${spend.from} and occurred_at < ${spend.to}`;
    expect(spend.totals).toMatchObject({ cost: window.cost, events: window.events });
  }, 180_000);

  it("stores nothing the second time: every event comes back as a duplicate", async () => {
    const before = await stored(owner.org.id);
    const again = await loadAll(owner);
    expect(again.reduce((sum, result) => sum + result.accepted, 0)).toBe(0);
    expect(again.reduce((sum, result) => sum + result.duplicates, 0)).toBe(expected.length);
    // Not one rollup row was touched (the rollups were checked against the events above).
    expect(await stored(owner.org.id)).toEqual(before);
  }, 120_000);

  it("refuses members and viewers; another organization's slug or a forged context is NotFound; nothing is written", async () => {
    const other = await teamOrg(sql, "demo-other");
    const otherOrg = other.owner.org;
    for (const role of ["member", "viewer"] as const) {
      const ctx = await other.as(role);
      expect(await rejection(loadDemoData(ctx, { chunk: 0 }, now))).toMatchObject({ code: "forbidden" });
      // Claiming a higher role in the context changes nothing: the role is read from the database.
      expect(await rejection(loadDemoData({ ...ctx, org: { ...ctx.org, role: "owner" } }, { chunk: 0 }, now))).toMatchObject({ code: "forbidden" });
      const { result } = await runOrgAction(ctx.actor.claims, action, { orgSlug: otherOrg.slug, chunk: 0 });
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }

    // The first organization's owner aiming at the other one: by slug, and by a forged context.
    const { result } = await runOrgAction(owner.actor.claims, action, { orgSlug: otherOrg.slug, chunk: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    const forged = { ...owner, org: { ...owner.org, id: otherOrg.id } };
    expect(await rejection(loadDemoData(forged, { chunk: 0 }, now))).toMatchObject({ code: "not_found" });

    expect(await rejection(loadDemoData(other.owner, { chunk: DEMO_CHUNKS }, now))).toMatchObject({ code: "invalid" });
    expect(await stored(otherOrg.id)).toMatchObject({ events: 0, rollup_events: 0 });
    expect((await getDashboardTiles(other.owner, now)).hasUsage).toBe(false);
  });

  it("lets an admin load through the action core", async () => {
    const fresh = await teamOrg(sql, "demo-admin");
    const admin = await fresh.as("admin");
    const { result } = await runOrgAction(admin.actor.claims, action, { orgSlug: fresh.owner.org.slug, chunk: String(DEMO_CHUNKS - 1) });
    expect(result).toMatchObject({ ok: true, data: { chunk: DEMO_CHUNKS - 1, duplicates: 0, rejected: 0 } });
    const accepted = result.ok ? result.data.accepted : 0;
    expect(accepted).toBeGreaterThan(0);
    expect(await stored(fresh.owner.org.id)).toMatchObject({ events: accepted, sources: ["demo"] });
  });
});
