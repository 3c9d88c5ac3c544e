/**
 * GET /api/v1/spend with real Requests through the wrapper, real keys, events ingested through
 * POST /api/v1/events: exact totals, day/month buckets in the organization's zone (Europe/Berlin),
 * group_by and filters, tenancy, scope, validation, range and row limits.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { apiKeySecret, teamOrg } from "./api-support.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { GET } from "../../app/api/v1/spend/route.ts";
import { add, formatDecimal, parseDecimal, type Decimal } from "../../lib/core/money.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let orgA: OrgContext;
let orgB: OrgContext;
let readA: string;
let readB: string;

async function send(secret: string, events: unknown[]) {
  const response = await ingest(new Request("http://localhost/api/v1/events", {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  }));
  const body = await response.json();
  expect(body).toMatchObject({ accepted: events.length, rejected: [] });
}

type Row = { bucket_start: string; group: Record<string, string | null>; cost: string; events: number; errors: number; unpriced_events: number };
type Spend = {
  currency: string; from: string; to: string; granularity: string; group_by: string[]; timezone: string;
  totals: { cost: string; events: number; errors: number; unpriced_events: number }; series: Row[];
  error?: { code: string; message: string; details?: unknown };
};

async function spend(secret: string, params: Record<string, string> = {}): Promise<{ status: number; body: Spend }> {
  const url = new URL("http://localhost/api/v1/spend");
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await GET(new Request(url, { headers: { authorization: `Bearer ${secret}` } }));
  return { status: response.status, body: await response.json() };
}

const MARCH = { from: "2026-03-05T00:00:00Z", to: "2026-03-20T00:00:00Z" };
const ev = (timestamp: string, service: string, model: string, extra: Record<string, unknown> = {}) => ({
  id: `s-${randomUUID()}`, timestamp, service, model, ...extra,
});
const usd = (cost: string) => ({ cost, currency: "USD" });

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "spend-a")).owner, (await teamOrg(sql, "spend-b")).owner];
  await sql`update public.organizations set timezone = 'Europe/Berlin' where id = ${orgA.org.id}`;
  readA = await apiKeySecret(orgA, ["read"]);
  readB = await apiKeySecret(orgB, ["read"]);
  // Berlin is UTC+1 in March, UTC+2 in July.
  await send(await apiKeySecret(orgA, ["ingest"]), [
    ev("2026-02-28T23:30:00Z", "openai", "gpt-4o", usd("0.01")), // Berlin 1 March 00:30
    ev("2026-03-10T10:15:00Z", "openai", "gpt-4o", { ...usd("1.10"), team: "a", environment: "prod" }),
    ev("2026-03-10T10:45:00Z", "openai", "gpt-4o", { ...usd("0.000000015"), team: "a", environment: "prod", status: "error" }),
    ev("2026-03-10T22:59:00Z", "anthropic", "claude-sonnet-4-5", { ...usd("2.5"), team: "b" }), // Berlin 23:59, 10 March
    ev("2026-03-10T23:30:00Z", "openai", "gpt-4o", { ...usd("3"), team: "b" }), // Berlin 00:30, 11 March
    ev("2026-03-11T12:00:00Z", "openai", "gpt-from-the-future", { quantities: { input_tokens: 5 }, team: "a", status: "error" }),
    ev("2026-03-12T08:00:00Z", "anthropic", "claude-sonnet-4-5", usd("0.4")),
    ev("2026-07-01T22:30:00Z", "openai", "gpt-4o", usd("5")), // Berlin 00:30, 2 July
  ]);
  await send(await apiKeySecret(orgB, ["ingest"]), [ev("2026-03-10T10:15:00Z", "openai", "gpt-4o", { ...usd("100"), team: "a" })]);
});

describe("GET /api/v1/spend", () => {
  it("totals exactly, with unpriced events counted and never priced at 0, and day buckets in the org's zone", async () => {
    const { status, body } = await spend(readA, MARCH);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      currency: "USD", timezone: "Europe/Berlin", granularity: "day", group_by: [],
      from: "2026-03-05T00:00:00.000Z", to: "2026-03-20T00:00:00.000Z",
      totals: { cost: "7.000000015", events: 6, errors: 2, unpriced_events: 1 },
    });
    expect(body.series).toEqual([
      { bucket_start: "2026-03-10T00:00:00+01:00", group: {}, cost: "3.600000015", events: 3, errors: 1, unpriced_events: 0 },
      { bucket_start: "2026-03-11T00:00:00+01:00", group: {}, cost: "3", events: 2, errors: 1, unpriced_events: 1 },
      { bucket_start: "2026-03-12T00:00:00+01:00", group: {}, cost: "0.4", events: 1, errors: 0, unpriced_events: 0 },
    ]);
  });

  it("cuts months in the org's zone and shows each bucket in the offset of its instant", async () => {
    const { body } = await spend(readA, { from: "2026-02-01T00:00:00Z", to: "2026-08-01T00:00:00Z", granularity: "month" });
    expect(body.totals).toEqual({ cost: "12.010000015", events: 8, errors: 2, unpriced_events: 1 });
    expect(body.series.map((row) => [row.bucket_start, row.cost, row.events])).toEqual([
      ["2026-03-01T00:00:00+01:00", "7.010000015", 7],
      ["2026-07-01T00:00:00+02:00", "5", 1],
    ]);
    const july = await spend(readA, { from: "2026-07-01T00:00:00Z", to: "2026-07-03T00:00:00Z" });
    expect(july.body.series.map((row) => row.bucket_start)).toEqual(["2026-07-02T00:00:00+02:00"]);
  });

  it("hour buckets are the UTC hours, shown in the org's offset", async () => {
    const { body } = await spend(readA, { ...MARCH, granularity: "hour", service: "openai", team: "a", model: "gpt-4o" });
    expect(body.series).toEqual([
      { bucket_start: "2026-03-10T11:00:00+01:00", group: {}, cost: "1.100000015", events: 2, errors: 1, unpriced_events: 0 },
    ]);
  });

  it("groups by dimensions (null when unset) and filters by exact match", async () => {
    const { body } = await spend(readA, { ...MARCH, group_by: "team,service" });
    expect(body.group_by).toEqual(["service", "team"]);
    expect(body.series.map((row) => [row.bucket_start.slice(0, 10), row.group, row.cost, row.unpriced_events])).toEqual([
      ["2026-03-10", { service: "anthropic", team: "b" }, "2.5", 0],
      ["2026-03-10", { service: "openai", team: "a" }, "1.100000015", 0],
      ["2026-03-11", { service: "openai", team: "a" }, "0", 1],
      ["2026-03-11", { service: "openai", team: "b" }, "3", 0],
      ["2026-03-12", { service: "anthropic", team: null }, "0.4", 0],
    ]);
    const anthropic = await spend(readA, { ...MARCH, service: "anthropic" });
    expect(anthropic.body.totals).toEqual({ cost: "2.9", events: 2, errors: 0, unpriced_events: 0 });
    const narrow = await spend(readA, { ...MARCH, team: "b", model: "gpt-4o", group_by: "environment" });
    expect(narrow.body.series).toEqual([
      { bucket_start: "2026-03-11T00:00:00+01:00", group: { environment: null }, cost: "3", events: 1, errors: 0, unpriced_events: 0 },
    ]);
    const prod = await spend(readA, { ...MARCH, environment: "prod", granularity: "month" });
    expect(prod.body.totals).toEqual({ cost: "1.100000015", events: 2, errors: 1, unpriced_events: 0 });
    const none = await spend(readA, { ...MARCH, project: "nope" });
    expect(none.body).toMatchObject({ totals: { cost: "0", events: 0, errors: 0, unpriced_events: 0 }, series: [] });
  });

  it("answers the same from the facets, the rollups and the raw events", async () => {
    // group_by service reads the facets, service+team the rollups, service+end_user the raw events.
    const byService = (body: Spend) => {
      const sums = new Map<string, Decimal>();
      for (const row of body.series) {
        const key = `${row.bucket_start} ${row.group.service}`;
        sums.set(key, add(sums.get(key) ?? parseDecimal("0"), parseDecimal(row.cost)));
      }
      return [...sums].map(([key, cost]) => [key, formatDecimal(cost)]);
    };
    for (const granularity of ["hour", "day", "month"]) {
      const range = { from: "2026-02-28T00:00:00Z", to: "2026-07-05T00:00:00Z", granularity };
      const [facets, rollups, events] = await Promise.all(
        ["service", "service,team", "service,end_user"].map(async (groupBy) => (await spend(readA, { ...range, group_by: groupBy })).body),
      );
      expect(facets.series.length).toBeGreaterThan(0);
      expect(byService(rollups)).toEqual(byService(facets));
      expect(byService(events)).toEqual(byService(facets));
      expect(rollups.totals).toEqual(facets.totals);
      expect(events.totals).toEqual(facets.totals);
    }
  });

  it("rounds from down and to up to whole UTC hours, and defaults to the last 30 days", async () => {
    const { body } = await spend(readA, { from: "2026-03-10T10:45:00+00:00", to: "2026-03-10T10:46:00Z", granularity: "hour" });
    expect(body).toMatchObject({ from: "2026-03-10T10:00:00.000Z", to: "2026-03-10T11:00:00.000Z" });
    expect(body.totals.events).toBe(2);
    const defaults = await spend(readA);
    expect(defaults.status).toBe(200);
    expect(Date.parse(defaults.body.to) - Date.parse(defaults.body.from)).toBe(30 * 86_400_000);
    expect(Date.parse(defaults.body.to)).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(defaults.body.granularity).toBe("day");
  });

  it("shows each organization only its own spend", async () => {
    const b = await spend(readB, MARCH);
    expect(b.body).toMatchObject({ timezone: "UTC", totals: { cost: "100", events: 1, errors: 0, unpriced_events: 0 } });
    expect(b.body.series).toEqual([{ bucket_start: "2026-03-10T00:00:00Z", group: {}, cost: "100", events: 1, errors: 0, unpriced_events: 0 }]);
    const a = await spend(readA, { ...MARCH, team: "a" });
    expect(a.body.totals.cost).toBe("1.100000015");
    // Nothing in the query can pick another tenant.
    const probe = await spend(readB, { ...MARCH, org_id: orgA.org.id });
    expect(probe.status).toBe(400);
  });

  it("requires the read scope and a valid key", async () => {
    const ingestOnly = await spend(await apiKeySecret(orgA, ["ingest", "check"]), MARCH);
    expect(ingestOnly.status).toBe(403);
    expect(ingestOnly.body.error).toMatchObject({ code: "forbidden", details: { required_scope: "read" } });
    const response = await GET(new Request("http://localhost/api/v1/spend"));
    expect(response.status).toBe(401);
  });

  it.each([
    [{ granularity: "week" }, "granularity"],
    [{ group_by: "service,customer" }, "group_by"],
    [{ from: "yesterday" }, "from"],
    [{ to: "2026-03-10" }, "to"],
    [{ from: "2026-03-10T00:00:00Z", to: "2026-03-10T00:00:00Z" }, "to"],
    [{ from: "2026-03-11T00:00:00Z", to: "2026-03-10T00:00:00Z" }, "to"],
    [{ service: "" }, "service"],
    [{ groupby: "service" }, ""],
  ])("rejects bad parameters %j with 400 validation_failed", async (params, path) => {
    const { status, body } = await spend(readA, params);
    expect(status).toBe(400);
    expect(body.error?.code).toBe("validation_failed");
    if (path) expect(JSON.stringify(body.error?.details)).toContain(`"${path}"`);
  });

  it("refuses a range over 400 days", async () => {
    const { status, body } = await spend(readA, { from: "2025-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "validation_failed" });
    expect(body.error?.message + JSON.stringify(body.error?.details)).toContain("400 days");
    const ok = await spend(readA, { from: "2025-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    expect(ok.status).toBe(200);
  });

  it("refuses more than 10,000 series rows and suggests a coarser granularity", async () => {
    const big = (await teamOrg(sql, "spend-big")).owner;
    // Straight into the table (the facet triggers count them): 10,002 events through the API would only be slower.
    await sql`
      insert into public.usage_events (org_id, client_event_id, occurred_at, service, model, currency, cost, pricing_status)
      select ${big.org.id}, 'big-' || h || '-' || m, timestamptz '2026-01-01T00:00:00Z' + h * interval '1 hour', 'openai', m, 'USD', 0.5, 'provided'
      from generate_series(0, 5000) h, unnest(array['m1', 'm2']) m`;
    const secret = await apiKeySecret(big, ["read"]);
    const range = { from: "2026-01-01T00:00:00Z", to: "2026-08-01T00:00:00Z" };
    const hourly = await spend(secret, { ...range, granularity: "hour", group_by: "model" });
    expect(hourly.status).toBe(400);
    expect(hourly.body.error).toMatchObject({ code: "validation_failed" });
    expect(hourly.body.error?.message).toMatch(/coarser granularity/);
    const daily = await spend(secret, { ...range, group_by: "model" });
    expect(daily.status).toBe(200);
    expect(daily.body.totals).toEqual({ cost: "5001", events: 10002, errors: 0, unpriced_events: 0 });
  });
});

describe("GET /api/v1/spend by end_user and feature", () => {
  let orgC: OrgContext;
  let readC: string;
  // Whole UTC days, recent enough for the raw-event retention whenever the suite runs.
  const day0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 10 * 86_400_000;
  const at = (hours: number) => new Date(day0 + hours * 3_600_000).toISOString();
  const range = { from: at(0), to: at(48) };

  beforeAll(async () => {
    orgC = (await teamOrg(sql, "spend-c")).owner;
    readC = await apiKeySecret(orgC, ["read"]);
    await send(await apiKeySecret(orgC, ["ingest"]), [
      ev(at(1), "openai", "gpt-4o", { ...usd("1.5"), end_user: "u1", feature: "chat", team: "a" }),
      ev(at(2), "openai", "gpt-4o", { ...usd("0.25"), end_user: "u2", feature: "chat" }),
      ev(at(3), "anthropic", "claude-sonnet-4-5", { ...usd("2"), end_user: "u1", feature: "search", status: "error" }),
      ev(at(25), "openai", "gpt-from-the-future", { quantities: { input_tokens: 5 }, end_user: "u1", feature: "search" }),
      ev(at(26), "openai", "gpt-4o", { ...usd("0.000000001"), feature: "chat" }),
    ]);
  });

  it("groups by end_user exactly, unpriced counted, unset as null, totals as without grouping", async () => {
    const { status, body } = await spend(readC, { ...range, group_by: "end_user" });
    expect(status).toBe(200);
    expect(body.group_by).toEqual(["end_user"]);
    expect(body.series.map((row) => [row.bucket_start.slice(0, 10), row.group, row.cost, row.events, row.errors, row.unpriced_events])).toEqual([
      [at(0).slice(0, 10), { end_user: "u1" }, "3.5", 2, 1, 0],
      [at(0).slice(0, 10), { end_user: "u2" }, "0.25", 1, 0, 0],
      [at(24).slice(0, 10), { end_user: null }, "0.000000001", 1, 0, 0],
      [at(24).slice(0, 10), { end_user: "u1" }, "0", 1, 0, 1],
    ]);
    const plain = await spend(readC, range);
    expect(body.totals).toEqual({ cost: "3.750000001", events: 5, errors: 1, unpriced_events: 1 });
    expect(plain.body.totals).toEqual(body.totals);
    expect(plain.body.series.map((row) => row.cost)).toEqual(["3.75", "0.000000001"]);
  });

  it("filters by feature and end_user, alone or with rollup dimensions", async () => {
    const chat = await spend(readC, { ...range, feature: "chat", group_by: "service,end_user", granularity: "month" });
    expect(chat.body.group_by).toEqual(["service", "end_user"]);
    expect(chat.body.totals).toEqual({ cost: "1.750000001", events: 3, errors: 0, unpriced_events: 0 });
    expect(chat.body.series.map((row) => [row.group, row.cost])).toEqual([
      [{ service: "openai", end_user: null }, "0.000000001"],
      [{ service: "openai", end_user: "u1" }, "1.5"],
      [{ service: "openai", end_user: "u2" }, "0.25"],
    ]);
    const u1Search = await spend(readC, { ...range, end_user: "u1", feature: "search", group_by: "model" });
    expect(u1Search.body.totals).toEqual({ cost: "2", events: 2, errors: 1, unpriced_events: 1 });
    expect(u1Search.body.series.map((row) => [row.group.model, row.cost, row.unpriced_events])).toEqual([
      ["claude-sonnet-4-5", "2", 0],
      ["gpt-from-the-future", "0", 1],
    ]);
    const teamA = await spend(readC, { ...range, team: "a", group_by: "feature" });
    expect(teamA.body.series.map((row) => [row.group, row.cost])).toEqual([[{ feature: "chat" }, "1.5"]]);
  });

  it("answers exactly what the raw events sum to, and only for the key's organization", async () => {
    const { body } = await spend(readC, { ...range, group_by: "feature", granularity: "month" });
    const raw = await sql<{ feature: string | null; cost: string; events: string }[]>`
      select feature, trim_scale(coalesce(sum(cost), 0))::text as cost, count(*)::text as events
      from public.usage_events where org_id = ${orgC.org.id} group by feature order by feature nulls first`;
    expect(body.series.map((row) => [row.group.feature, row.cost, String(row.events)])).toEqual(raw.map((row) => [row.feature, row.cost, row.events]));
    const other = await spend(readB, { ...range, group_by: "end_user" });
    expect(other.body).toMatchObject({ totals: { cost: "0", events: 0 }, series: [] });
  });
});
