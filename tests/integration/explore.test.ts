/**
 * The Explore page's services as its route handlers run them (runOrgAction with the same schema
 * and verb, as the signed-in member under RLS), over events ingested through POST /api/v1/events:
 * tenancy, end_user / feature grouping against sums over the raw events, chart top groups,
 * service health percentiles from known latencies, keyset paging of the event list, CSV export,
 * and date ranges in the organization's time zone.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg, type TeamOrg } from "./api-support.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { runOrgAction, type OrgActionConfig } from "../../lib/actions/run-action.ts";
import { sumDecimalStrings } from "../../lib/core/money.ts";
import { latencyBucket, latencyPercentile, LATENCY_BUCKET_COUNT } from "../../lib/core/usage/latency-histogram.ts";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import { listExploreEvents, type UsageEventPage, type UsageEventView } from "../../lib/services/usage/explore-events.ts";
import { exportExploreCsv } from "../../lib/services/usage/explore-export.ts";
import { getExploreOptions } from "../../lib/services/usage/explore-options.ts";
import {
  EXPLORE_CHART_GROUPS,
  EXPLORE_EVENTS_PAGE_SIZE,
  ExploreEventsQuery,
  ExploreExportQuery,
  ExploreQuery,
} from "../../lib/services/usage/explore-schemas.ts";
import { getExploreSummary, type ExploreSummary } from "../../lib/services/usage/explore-summary.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const DAY = 86_400_000;
// Whole UTC days ten days back: inside every preset-free custom range and the raw-event retention.
const day0 = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
const at = (hours: number, minutes = 0) => new Date(day0 + hours * 3_600_000 + minutes * 60_000).toISOString();
const dayOf = (hours: number) => at(hours).slice(0, 10);
/** Three whole days from day0 (UTC organizations). */
const RANGE = { range: "custom", from: dayOf(0), to: dayOf(48) };

async function send(ctx: OrgContext, events: Record<string, unknown>[]) {
  const { secret } = await createApiKey(ctx, { name: `ingest ${randomUUID().slice(0, 8)}`, scopes: ["ingest"] });
  for (let start = 0; start < events.length; start += 1000) {
    const batch = events.slice(start, start + 1000);
    const response = await ingest(new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ events: batch }),
    }));
    expect(await response.json()).toMatchObject({ accepted: batch.length, rejected: [] });
  }
}

const ev = (timestamp: string, service: string, model: string, extra: Record<string, unknown> = {}) => ({
  id: `x-${randomUUID()}`, timestamp, service, model, ...extra,
});
const usd = (cost: string) => ({ cost, currency: "USD" });

/** Exactly what the route handlers do: the member's claims, the slug, the search params. */
async function run<S extends z.ZodType, T>(ctx: OrgContext, config: OrgActionConfig<S, T>, input: Record<string, string>, slug = ctx.org.slug) {
  const { result } = await runOrgAction(ctx.actor.claims, config, { ...input, orgSlug: slug });
  return result;
}

async function summary(ctx: OrgContext, input: Record<string, string>): Promise<ExploreSummary> {
  const result = await run(ctx, { schema: ExploreQuery, handler: getExploreSummary }, input);
  if (!result.ok) throw new Error(`summary failed: ${result.error.message}`);
  return result.data;
}

async function eventsPage(ctx: OrgContext, input: Record<string, string>): Promise<UsageEventPage> {
  const result = await run(ctx, { schema: ExploreEventsQuery, handler: listExploreEvents }, input);
  if (!result.ok) throw new Error(`events failed: ${result.error.message}`);
  return result.data;
}

/** The histogram of a list of latencies, as the rollups keep it. */
function histogramOf(latencies: number[]): number[] {
  const histogram = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const latency of latencies) histogram[latencyBucket(latency)] += 1;
  return histogram;
}

describe("Explore as a member", () => {
  let team: TeamOrg;
  let viewer: OrgContext;
  let outsider: OrgContext;

  beforeAll(async () => {
    team = await teamOrg(sql, "explore");
    viewer = await team.as("viewer");
    outsider = (await teamOrg(sql, "explore-out")).owner;
    const users = Array.from({ length: 10 }, (_, index) => `user-${index}`);
    await send(team.owner, [
      // user-i spends (i + 1) dollars on day 0, feature by parity; one of them also on day 1.
      ...users.map((user, index) => ev(at(index + 1), "openai", "gpt-4o", { ...usd(`${index + 1}.01`), end_user: user, feature: index % 2 ? "odd" : "even" })),
      ev(at(30), "openai", "gpt-4o", { ...usd("0.000000005"), end_user: "user-9", feature: "odd", team: "search" }),
      ev(at(31), "anthropic", "claude-sonnet-4-5", { ...usd("7"), team: "search", status: "error", error_code: "overloaded" }),
      ev(at(32), "openai", "gpt-from-the-future", { quantities: { input_tokens: 10 }, end_user: "user-0", feature: "even" }),
    ]);
    await send(outsider, [
      ev(at(1), "openai", "gpt-4o", { ...usd("1000"), end_user: "user-0", feature: "even" }),
      ev(at(2), "openai", "secret-model", { ...usd("1"), end_user: "outsider" }),
    ]);
  });

  it("shows a viewer the organization's totals, groups with their share, and unpriced usage counted, never $0", async () => {
    const data = await summary(viewer, { ...RANGE, group_by: "service" });
    expect(data).toMatchObject({
      range: "custom", granularity: "day", currency: "USD", timezone: "UTC", groupBy: "service", source: "facets",
      from: new Date(day0).toISOString(), to: new Date(day0 + 3 * DAY).toISOString(), rawEventsSince: null,
      totals: { cost: "62.100000005", events: 13, errors: 1, unpriced_events: 1 },
      buckets: [0, 24, 48].map((hours) => `${dayOf(hours)}T00:00:00Z`),
    });
    expect(data.groups).toEqual({
      truncated: false,
      rows: [
        { value: "openai", cost: "55.100000005", share_percent: "88.7", events: 12, errors: 0, unpriced_events: 1 },
        { value: "anthropic", cost: "7", share_percent: "11.3", events: 1, errors: 1, unpriced_events: 0 },
      ],
    });
    expect(data.series.map((row) => [row.bucket_start, row.value, row.cost, row.other])).toEqual([
      [`${dayOf(0)}T00:00:00Z`, "openai", "55.1", false],
      [`${dayOf(24)}T00:00:00Z`, "anthropic", "7", false],
      [`${dayOf(24)}T00:00:00Z`, "openai", "0.000000005", false],
    ]);
  });

  it("answers 404 for another organization's slug, and RLS hides its rows even from a forged context", async () => {
    for (const config of [
      { schema: ExploreQuery, handler: getExploreSummary },
      { schema: ExploreEventsQuery, handler: listExploreEvents },
      { schema: ExploreQuery, handler: getExploreOptions },
      { schema: ExploreExportQuery, handler: exportExploreCsv },
    ] as const) {
      const result = await run(viewer, config as OrgActionConfig<z.ZodType, unknown>, { ...RANGE, kind: "groups" }, outsider.org.slug);
      expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(JSON.stringify(result)).not.toContain("secret-model");
    }
    // Past the membership check (a bug elsewhere), the database still returns nothing of theirs.
    const forged: OrgContext = { org: outsider.org, actor: viewer.actor };
    const leaked = await getExploreSummary(forged, ExploreQuery.parse(RANGE));
    expect(leaked.totals).toEqual({ cost: "0", events: 0, errors: 0, unpriced_events: 0 });
    expect(leaked.groups.rows).toEqual([]);
    expect(leaked.health.rows).toEqual([]);
    expect((await listExploreEvents(forged, ExploreEventsQuery.parse(RANGE))).events).toEqual([]);
    expect((await getExploreOptions(forged, ExploreQuery.parse(RANGE))).values.model).toEqual([]);
    const [theirs] = await sql`select count(*)::int as n from public.usage_events where org_id = ${outsider.org.id}`;
    expect(theirs.n).toBe(2);
  });

  it("groups by end_user and by feature (from the facets) exactly as the raw events sum up", async () => {
    for (const dimension of ["end_user", "feature"] as const) {
      const data = await summary(viewer, { ...RANGE, group_by: dimension });
      expect(data.source).toBe("facets");
      const raw = await sql<{ value: string | null; cost: string; events: number; unpriced: number }[]>`
        select ${sql(dimension)} as value, trim_scale(coalesce(sum(cost), 0))::text as cost, count(*)::int as events,
          (count(*) filter (where pricing_status = 'unpriced'))::int as unpriced
        from public.usage_events where org_id = ${team.owner.org.id}
        group by 1 order by coalesce(sum(cost), 0) desc, count(*) desc, 1 nulls first`;
      expect(data.groups.rows.map((row) => [row.value, row.cost, row.events, row.unpriced_events]))
        .toEqual(raw.map((row) => [row.value, row.cost, row.events, row.unpriced]));
      expect(data.totals).toEqual((await summary(viewer, RANGE)).totals);
    }
  });

  it(`draws the ${EXPLORE_CHART_GROUPS} groups with most cost and sums the rest into Other, per bucket, exactly`, async () => {
    const data = await summary(viewer, { ...RANGE, group_by: "end_user" });
    // By cost over the range: user-9 … user-6, the calls without an end user (7), user-5 … user-3; then Other.
    const firstDay = data.series.filter((row) => row.bucket_start.startsWith(dayOf(0)));
    expect(firstDay.map((row) => [row.value, row.cost, row.other])).toEqual([
      ...[3, 4, 5, 6, 7, 8, 9].map((index) => [`user-${index}`, `${index + 1}.01`, false]),
      [null, "6.03", true], // user-2, user-1 and user-0
    ]);
    const secondDay = data.series.filter((row) => row.bucket_start.startsWith(dayOf(24)));
    expect(secondDay.map((row) => [row.value, row.cost, row.events, row.unpriced_events, row.other])).toEqual([
      [null, "7", 1, 0, false], // no end user: a group of its own, not Other
      ["user-9", "0.000000005", 1, 0, false],
      [null, "0", 1, 1, true], // user-0's unpriced call
    ]);
    expect(sumDecimalStrings(data.series.map((row) => row.cost))).toBe(data.totals.cost);
  });

  it("filters by end_user and feature, and lists the values it saw as filter options", async () => {
    const data = await summary(viewer, { ...RANGE, feature: "odd", end_user: "user-9", group_by: "model" });
    expect(data.totals).toEqual({ cost: "10.010000005", events: 2, errors: 0, unpriced_events: 0 });
    const options = await run(viewer, { schema: ExploreQuery, handler: getExploreOptions }, RANGE);
    expect(options).toMatchObject({ ok: true, data: { hasUsage: true } });
    if (!options.ok) return;
    expect(options.data.values.service).toEqual(["anthropic", "openai"]);
    expect(options.data.values.team).toEqual(["search"]);
    expect(options.data.values.feature).toEqual(["even", "odd"]);
    expect(options.data.values.end_user).toEqual([...Array.from({ length: 10 }, (_, index) => `user-${index}`)].sort());
    expect(options.data.values.model).not.toContain("secret-model");
  });

  it("exports the group table and the series as CSV with exact decimals", async () => {
    const groups = await run(viewer, { schema: ExploreExportQuery, handler: exportExploreCsv }, { ...RANGE, kind: "groups", group_by: "team" });
    expect(groups).toMatchObject({ ok: true, data: { filename: `spend-by-group-${viewer.org.slug}-${dayOf(0)}.csv` } });
    if (!groups.ok) return;
    expect(groups.data.csv).toBe(
      "team,cost,currency,share_percent,events,unpriced_events,errors\r\n" +
      ",55.1,USD,88.7,11,1,0\r\n" +
      "search,7.000000005,USD,11.3,2,0,1\r\n",
    );
    const series = await run(viewer, { schema: ExploreExportQuery, handler: exportExploreCsv }, { ...RANGE, kind: "series" });
    if (!series.ok) throw new Error(series.error.message);
    expect(series.data.filename).toBe(`spend-daily-${viewer.org.slug}-${dayOf(0)}.csv`);
    expect(series.data.csv).toBe(
      "bucket_start,group,cost,currency,events,unpriced_events,errors\r\n" +
      `${dayOf(0)}T00:00:00Z,all,55.1,USD,10,0,0\r\n` +
      `${dayOf(24)}T00:00:00Z,all,7.000000005,USD,3,1,1\r\n`,
    );
  });
});

describe("service health", () => {
  let ctx: OrgContext;
  // openai: gpt-4o 10 × 40 ms + 1 × 2.5 s (one error), gpt-4o-mini 5 × 120 ms + 4 × 600 ms (one error);
  // anthropic: 3 × 300 ms and one call without a latency.
  const latencies = { "gpt-4o": [...new Array(10).fill(40), 2_500], "gpt-4o-mini": [...new Array(5).fill(120), ...new Array(4).fill(600)] };

  beforeAll(async () => {
    ctx = (await teamOrg(sql, "explore-health")).owner;
    let minute = 0;
    const call = (service: string, model: string, latency: number | null, error = false) =>
      ev(at(2, minute++), service, model, {
        ...usd("0.01"), feature: "chat",
        ...(latency === null ? {} : { latency_ms: latency }),
        ...(error ? { status: "error" } : {}),
      });
    await send(ctx, [
      ...latencies["gpt-4o"].map((latency, index) => call("openai", "gpt-4o", latency, index === 10)),
      ...latencies["gpt-4o-mini"].map((latency, index) => call("openai", "gpt-4o-mini", latency, index === 0)),
      call("anthropic", "claude-sonnet-4-5", 300), call("anthropic", "claude-sonnet-4-5", 300),
      call("anthropic", "claude-sonnet-4-5", 300), call("anthropic", "claude-sonnet-4-5", null),
    ]);
  });

  it("gives error rate and p50 / p95 / p99 per service from the rollups' histograms", async () => {
    const { health } = await summary(ctx, RANGE);
    expect(health.by).toBe("service");
    expect(health.rows).toEqual([
      // Ranks by hand: p50 = rank 10 of 20 → the top of [25, 50); p95 = rank 19 → the top of [500, 750); p99 = rank 20 → [2000, 3000).
      { key: "openai", events: 20, errors: 2, errorRate: 0.1, latencyEvents: 20, p50: 50, p95: 750, p99: 3_000 },
      // 3 latencies in [300, 400): rank 2 → 300 + 2/3 × 100; the call without a latency counts for the error rate only.
      { key: "anthropic", events: 4, errors: 0, errorRate: 0, latencyEvents: 3, p50: 367, p95: 400, p99: 400 },
    ]);
    const all = histogramOf([...latencies["gpt-4o"], ...latencies["gpt-4o-mini"], 300, 300, 300]);
    expect(health.overall).toEqual({
      key: "All services", events: 24, errors: 2, errorRate: 2 / 24, latencyEvents: 23,
      p50: latencyPercentile(all, 0.5), p95: latencyPercentile(all, 0.95), p99: latencyPercentile(all, 0.99),
    });
    expect(health.overall.p50).toBe(120); // rank 12: 10 below [100, 150), 2 of its 5 → 100 + 2/5 × 50
  });

  it("splits by model when filtered to one service", async () => {
    const { health } = await summary(ctx, { ...RANGE, service: "openai" });
    expect(health.by).toBe("model");
    expect(health.rows).toEqual([
      { key: "gpt-4o", events: 11, errors: 1, errorRate: 1 / 11, latencyEvents: 11, p50: 40, p95: 3_000, p99: 3_000 },
      { key: "gpt-4o-mini", events: 9, errors: 1, errorRate: 1 / 9, latencyEvents: 9, p50: 150, p95: 750, p99: 750 },
    ]);
  });

  it("gives the same answer from the raw events (filtered by feature) as from the rollups", async () => {
    const fromRollups = await summary(ctx, RANGE);
    const fromEvents = await summary(ctx, { ...RANGE, feature: "chat" });
    expect(fromEvents.source).toBe("events");
    expect(fromEvents.health).toEqual(fromRollups.health);
    expect(fromEvents.totals).toEqual(fromRollups.totals);
  });
});

describe("event list", () => {
  let ctx: OrgContext;
  const TIED = 70;

  beforeAll(async () => {
    ctx = (await teamOrg(sql, "explore-events")).owner;
    await send(ctx, [
      // 70 events in the same millisecond, then 60 a minute apart: pages must split the tie without gaps.
      ...Array.from({ length: TIED }, (_, index) => ev(at(5), "openai", "gpt-4o", { ...usd("0.5"), tags: { n: String(index) } })),
      ...Array.from({ length: 60 }, (_, index) => ev(at(6, index), "openai", "gpt-4o", { ...usd("0.25"), end_user: `u${index % 3}` })),
      ev(at(8), "openai", "gpt-4o", {
        quantities: { input_tokens: 1_000, output_tokens: 200 }, latency_ms: 812, team: "search", project: "bot",
        environment: "prod", end_user: "u-priced", feature: "answers", operation: "chat", tags: { region: "eu" },
      }),
      ev(at(9), "openai", "gpt-from-the-future", { quantities: { input_tokens: 5 }, status: "error", error_code: "timeout" }),
    ]);
  });

  it("pages by (occurred_at, id) with no duplicates or gaps across equal timestamps, even while events arrive", async () => {
    const seen: UsageEventView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: UsageEventPage = await eventsPage(ctx, { ...RANGE, ...(cursor ? { cursor } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(EXPLORE_EVENTS_PAGE_SIZE);
      seen.push(...page.events);
      cursor = page.nextCursor;
      // A newer event arriving mid-way must not shift the pages that follow.
      if (pages++ === 0) await send(ctx, [ev(at(10), "openai", "gpt-4o", usd("1"))]);
    } while (cursor);
    expect(pages).toBe(3);
    const expected = await sql<{ id: string }[]>`
      select e.id::text from public.usage_events e where e.org_id = ${ctx.org.id} and e.occurred_at < ${at(10)}
      order by e.occurred_at desc, e.id desc`;
    expect(seen.map((event) => event.id)).toEqual(expected.map((row) => row.id));
    expect(new Set(seen.map((event) => event.id)).size).toBe(TIED + 62);
    expect(seen.filter((event) => event.occurredAt === at(5))).toHaveLength(TIED);
  });

  it("filters by pricing status, status and dimensions", async () => {
    const unpriced = await eventsPage(ctx, { ...RANGE, pricing: "unpriced" });
    expect(unpriced.events.map((event) => [event.model, event.cost, event.unpricedReason])).toEqual([["gpt-from-the-future", null, "unknown_model"]]);
    const errors = await eventsPage(ctx, { ...RANGE, status: "error" });
    expect(errors.events.map((event) => [event.status, event.errorCode])).toEqual([["error", "timeout"]]);
    const u1 = await eventsPage(ctx, { ...RANGE, end_user: "u1", pricing: "provided" });
    expect(u1.events).toHaveLength(20);
    expect(u1.nextCursor).toBeNull();
    const bad = await run(ctx, { schema: ExploreEventsQuery, handler: listExploreEvents }, { ...RANGE, pricing: "free" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid", fieldErrors: { pricing: expect.any(Array) } } });
  });

  it("carries each event's priced breakdown, latency, dimensions and tags", async () => {
    const { events } = await eventsPage(ctx, { ...RANGE, pricing: "priced" });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      occurredAt: at(8), source: "api", service: "openai", model: "gpt-4o", operation: "chat", currency: "USD",
      pricingStatus: "priced", unpricedReason: null, latencyMs: 812, status: "ok", errorCode: null,
      quantities: { input_token: "1000", output_token: "200" }, tags: { region: "eu" },
      dimensions: { service: "openai", model: "gpt-4o", team: "search", project: "bot", environment: "prod", end_user: "u-priced", feature: "answers" },
    });
    const lines = event.priceLines?.lines ?? [];
    expect(lines.map((line) => [line.unit, line.quantity])).toEqual([["input_token", 1000], ["output_token", 200]]);
    for (const line of lines) expect(line).toMatchObject({ unitPrice: expect.stringMatching(/^\d/), source: expect.any(String), sourceVersion: expect.any(String) });
    expect(event.priceLines?.effectiveFrom).toEqual(expect.any(String));
    expect(sumDecimalStrings(lines.map((line) => line.amount))).toBe(event.cost);
    const [stored] = await sql`select trim_scale(cost)::text as cost from public.usage_events where id = ${event.id}::bigint`;
    expect(event.cost).toBe(stored.cost);
  });

  it("refuses a malformed cursor", async () => {
    const result = await run(ctx, { schema: ExploreEventsQuery, handler: listExploreEvents }, { ...RANGE, cursor: "not-a-cursor" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid" } });
  });
});

describe("date ranges", () => {
  it("cuts custom days and presets in the organization's time zone, and checks the range", async () => {
    const team = await teamOrg(sql, "explore-range");
    await sql`update public.organizations set timezone = 'Asia/Tokyo' where id = ${team.owner.org.id}`;
    const ctx = await resolveOrgContext(team.owner.actor, team.owner.org.slug);
    // Tokyo is UTC+9 all year: its day D starts at 15:00 UTC the day before.
    const custom = await summary(ctx, { range: "custom", from: "2026-10-01", to: "2026-10-03" });
    expect([custom.from, custom.to, custom.timezone]).toEqual(["2026-09-30T15:00:00.000Z", "2026-10-03T15:00:00.000Z", "Asia/Tokyo"]);
    const week = await summary(ctx, { range: "7d" });
    expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * DAY);
    expect(new Date(week.from).getUTCHours()).toBe(15);
    expect(Date.parse(week.to)).toBeGreaterThan(Date.now());
    const day = await summary(ctx, { range: "24h" });
    expect(day.granularity).toBe("hour");
    expect(Date.parse(day.to) - Date.parse(day.from)).toBeGreaterThanOrEqual(DAY);

    expect(custom.buckets).toEqual(["2026-10-01T00:00:00+09:00", "2026-10-02T00:00:00+09:00", "2026-10-03T00:00:00+09:00"]);

    // Berlin leaves summer time on 25 October 2026: that day has 25 hours, and the next day starts at +01:00.
    await sql`update public.organizations set timezone = 'Europe/Berlin' where id = ${team.owner.org.id}`;
    const berlin = await resolveOrgContext(team.owner.actor, team.owner.org.slug);
    const days = await summary(berlin, { range: "custom", from: "2026-10-24", to: "2026-10-26" });
    expect(days.buckets).toEqual(["2026-10-24T00:00:00+02:00", "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"]);
    const hours = await summary(berlin, { range: "custom", from: "2026-10-24", to: "2026-10-26", granularity: "hour" });
    expect(hours.buckets).toHaveLength(24 + 25 + 24);
    expect(hours.buckets.filter((bucket) => bucket.startsWith("2026-10-25T02:00:00"))).toEqual(["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00"]);
    const months = await summary(berlin, { range: "custom", from: "2026-01-15", to: "2026-04-02", granularity: "month" });
    expect(months.buckets).toEqual(["2026-01-01T00:00:00+01:00", "2026-02-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00"]);

    const backwards = await run(ctx, { schema: ExploreQuery, handler: getExploreSummary }, { range: "custom", from: "2026-10-03", to: "2026-10-01" });
    expect(backwards).toMatchObject({ ok: false, error: { code: "invalid", fieldErrors: { to: ["The end date is before the start date."] } } });
    const tooLong = await run(ctx, { schema: ExploreQuery, handler: getExploreSummary }, { range: "custom", from: "2024-01-01", to: "2026-01-01" });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "invalid", fieldErrors: { from: [expect.stringContaining("400 days")] } } });
    const unknown = await run(ctx, { schema: ExploreQuery, handler: getExploreSummary }, { group_by: "customer" });
    expect(unknown).toMatchObject({ ok: false, error: { code: "invalid", fieldErrors: { group_by: expect.any(Array) } } });
  });
});
