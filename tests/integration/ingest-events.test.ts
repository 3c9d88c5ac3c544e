/**
 * POST /api/v1/events with real Requests through the wrapper, real keys, and the integration
 * stack's database: pricing, idempotency, unpriced and provided costs, provider usage objects,
 * per-event rejections, whole-request errors, tenancy, and rollups = Σ events after a randomized
 * mixed workload.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { POST } from "../../app/api/v1/events/route.ts";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import { revokeApiKey } from "../../lib/services/api-keys/revoke-api-key.ts";
import { priceCatalog } from "../../lib/services/usage/price-catalog.ts";
import { priceUsage } from "../../lib/core/pricing/price-usage.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import type { ApiKeyScope } from "../../lib/services/api-keys/scopes.ts";

const sql = superuserSql();
afterAll(() => sql.end());

type Key = { id: string; secret: string };
let orgA: OrgContext;
let orgB: OrgContext;

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "ingest-a")).owner, (await teamOrg(sql, "ingest-b")).owner];
});

async function key(ctx: OrgContext, scopes: ApiKeyScope[] = ["ingest"]): Promise<Key> {
  const { apiKey, secret } = await createApiKey(ctx, { name: `key ${randomUUID().slice(0, 8)}`, scopes });
  return { id: apiKey.id, secret };
}

type Result = { accepted: number; duplicates: number; duplicate_indexes: number[]; rejected: { index: number; code: string; message: string }[] };

async function send(k: Key, body: unknown): Promise<{ status: number; body: Result & { error?: { code: string } } }> {
  const response = await POST(new Request("http://localhost/api/v1/events", {
    method: "POST",
    headers: { authorization: `Bearer ${k.secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  }));
  return { status: response.status, body: await response.json() };
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const uid = (label: string) => `${label}-${randomUUID()}`;

async function stored(orgId: string, clientId: string) {
  const [row] = await sql<{ cost: string | null; pricing_status: string; unpriced_reason: string | null; quantities: Record<string, string>; api_key_id: string; price_lines: unknown; org_id: string }[]>`
    select cost::text, pricing_status, unpriced_reason, quantities, api_key_id, price_lines, org_id
    from public.usage_events where org_id = ${orgId} and client_event_id = ${clientId}`;
  return row;
}

async function rollupTotals(orgId: string) {
  const [row] = await sql<{ cost: string; events: string; unpriced: string; errors: string }[]>`
    select coalesce(sum(cost), 0)::text as cost, coalesce(sum(event_count), 0)::text as events,
      coalesce(sum(unpriced_count), 0)::text as unpriced, coalesce(sum(error_count), 0)::text as errors
    from public.spend_rollups where org_id = ${orgId}`;
  return row;
}

describe("POST /api/v1/events", () => {
  let k: Key;
  beforeAll(async () => { k = await key(orgA); });

  it("accepts a batch and prices each event exactly as priceUsage does", async () => {
    const at = hourAgo();
    const events = [
      { id: uid("p"), timestamp: at, service: "openai", model: "gpt-4o", quantities: { input_tokens: 1234, output_tokens: 567, cached_input_tokens: 100 } },
      { id: uid("p"), timestamp: at, service: "anthropic", model: "claude-sonnet-4-5", quantities: { input_tokens: 2000, output_tokens: 300 } },
      { id: uid("p"), timestamp: at, service: "twilio", model: "sms-outbound-us", quantities: { messages: 3 } },
    ];
    const { status, body } = await send(k, { events });
    expect(status).toBe(200);
    expect(body).toEqual({ accepted: 3, duplicates: 0, duplicate_indexes: [], rejected: [] });
    const map = { input_tokens: "input_token", output_tokens: "output_token", cached_input_tokens: "cached_input_token", messages: "message" } as const;
    for (const event of events) {
      const quantities = Object.fromEntries(Object.entries(event.quantities).map(([f, n]) => [map[f as keyof typeof map], n]));
      const expected = priceUsage(priceCatalog(), { provider: event.service, model: event.model, occurredAt: at, quantities });
      expect(expected.status).toBe("priced");
      const row = await stored(orgA.org.id, event.id);
      expect(row).toMatchObject({ pricing_status: "priced", api_key_id: k.id, unpriced_reason: null });
      if (expected.status === "priced") {
        expect(Number(row.cost)).toBeGreaterThan(0);
        expect(row.cost).toBe(expected.total);
        expect(row.price_lines).toMatchObject({ lines: expected.lines });
      }
    }
  });

  it("never counts a retried batch twice, and counts repeats inside a batch as duplicates", async () => {
    const a = uid("d");
    const b = uid("d");
    const events = [
      { id: a, timestamp: hourAgo(), service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 10, output_tokens: 5 } },
      { id: b, timestamp: hourAgo(), service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 20, output_tokens: 5 } },
      { id: a, timestamp: hourAgo(), service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 999, output_tokens: 5 } },
    ];
    const first = await send(k, { events });
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 1, duplicate_indexes: [2] });
    expect((await stored(orgA.org.id, a)).quantities).toEqual({ input_token: "10", output_token: "5" });
    const before = await rollupTotals(orgA.org.id);
    const retry = await send(k, { events });
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 3, duplicate_indexes: [0, 1, 2] });
    // Same id, another timestamp: still the same event.
    const moved = await send(k, { events: [{ ...events[0], timestamp: new Date(Date.now() - 7 * 86_400_000).toISOString() }] });
    expect(moved.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await rollupTotals(orgA.org.id)).toEqual(before);
  });

  it("stores an unknown model as unpriced: cost NULL, counted in unpriced_count", async () => {
    const id = uid("u");
    const before = await rollupTotals(orgA.org.id);
    const { body } = await send(k, { events: [{ id, timestamp: hourAgo(), service: "openai", model: "gpt-from-the-future", quantities: { input_tokens: 5 } }] });
    expect(body.accepted).toBe(1);
    expect(await stored(orgA.org.id, id)).toMatchObject({ cost: null, pricing_status: "unpriced", unpriced_reason: "unknown_model" });
    const after = await rollupTotals(orgA.org.id);
    expect(after.cost).toBe(before.cost);
    expect(Number(after.unpriced) - Number(before.unpriced)).toBe(1);
  });

  it("takes a provided cost as given, exactly, in the base currency", async () => {
    const [x, y] = [uid("c"), uid("c")];
    const { body } = await send(k, { events: [
      { id: x, timestamp: hourAgo(), service: "aws", model: "s3-put", cost: "0.0000000123456789", currency: "USD", quantities: { requests: 1 } },
      { id: y, timestamp: hourAgo(), service: "aws", model: "lambda", cost: 0.1, currency: "USD", quantities: { units: 7 } },
    ] });
    expect(body).toMatchObject({ accepted: 2, rejected: [] });
    expect(await stored(orgA.org.id, x)).toMatchObject({ cost: "0.0000000123456789", pricing_status: "provided" });
    expect(await stored(orgA.org.id, y)).toMatchObject({ cost: "0.1", pricing_status: "provided", quantities: { unit: "7" } });
  });

  it("normalizes OpenAI and Anthropic usage objects (cached and cache-write tokens counted once)", async () => {
    const [o, an] = [uid("o"), uid("an")];
    const { body } = await send(k, { events: [
      { id: o, timestamp: hourAgo(), service: "openai", model: "gpt-4o", usage_format: "openai-chat",
        usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 400 } } },
      { id: an, timestamp: hourAgo(), service: "anthropic", model: "claude-sonnet-4-5", usage_format: "anthropic-messages",
        usage: { input_tokens: 30, output_tokens: 200, cache_read_input_tokens: 1000, cache_creation_input_tokens: 500 } },
    ] });
    expect(body).toMatchObject({ accepted: 2, rejected: [] });
    expect((await stored(orgA.org.id, o)).quantities).toEqual({ input_token: "600", cached_input_token: "400", output_token: "50", request: "1" });
    expect((await stored(orgA.org.id, an)).quantities).toMatchObject({ input_token: "30", cached_input_token: "1000", cache_write_token: "500", output_token: "200" });
    expect((await stored(orgA.org.id, an)).pricing_status).toBe("priced");
  });

  it("rejects bad events one by one with index and code, and stores the good ones", async () => {
    const good = uid("g");
    const base = { timestamp: hourAgo(), service: "openai", model: "gpt-4o", quantities: { input_tokens: 1 } };
    const events = [
      { id: good, ...base },
      { id: uid("x"), ...base, quantities: { input_tokens: "12" } },
      { id: uid("x"), ...base, quantities: { input_tokens: -1 } },
      { id: uid("x"), ...base, quantities: { input_tokens: 1e15 } },
      { id: uid("x"), ...base, quantities: { input_tokens: 1.5 } },
      { id: uid("x"), ...base, timestamp: new Date(Date.now() + 3_600_000).toISOString() },
      { id: uid("x"), ...base, colour: "blue" },
      { id: uid("x"), ...base, timestamp: "2020-01-01T00:00:00Z" },
      { id: uid("x"), ...base, cost: "1.00" },
      "not an object",
      { id: uid("x"), ...base, timestamp: "yesterday" },
      { ...base },
      { id: uid("x"), ...base, usage_format: "anthropic-messages", usage: { input_tokens: 1, output_tokens: 1 } },
      { id: uid("x"), ...base, quantities: undefined, usage_format: "openai-chat", usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 5 } } },
      { id: uid("x"), ...base, quantities: { input_token: 5 } },
      { id: uid("x"), ...base, cost: -1, currency: "USD" },
    ];
    const { status, body } = await send(k, { events });
    expect(status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, "invalid_field"], [2, "invalid_field"], [3, "invalid_field"], [4, "invalid_field"], [5, "timestamp_in_future"],
      [6, "unknown_field"], [7, "timestamp_too_old"], [8, "currency_required"], [9, "invalid_event"], [10, "invalid_field"],
      [11, "invalid_field"], [12, "conflicting_usage"], [13, "invalid_usage"], [14, "unknown_field"], [15, "invalid_field"],
    ]);
    expect(body.rejected[1].message).toMatch(/quantities\.input_tokens/);
    expect(body.rejected[5].message).toMatch(/colour/);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where org_id = ${orgA.org.id} and client_event_id like 'x-%'`;
    expect(n).toBe(0);
    expect(await stored(orgA.org.id, good)).toBeDefined();
  });
});

describe("whole-request errors", () => {
  it("answers 413 to 1,001 events and stores none of them", async () => {
    const k = await key(orgA);
    const tag = uid("big");
    const events = Array.from({ length: 1001 }, (_, i) => ({ id: `${tag}-${i}`, timestamp: hourAgo(), service: "x", model: "y" }));
    const { status, body } = await send(k, { events });
    expect(status).toBe(413);
    expect(body.error?.code).toBe("payload_too_large");
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where client_event_id like ${`${tag}%`}`;
    expect(n).toBe(0);
  });

  it("answers 400 to a body that is not { events: [...] }", async () => {
    const k = await key(orgA);
    expect((await send(k, [])).status).toBe(400);
    expect((await send(k, { events: [], extra: 1 })).status).toBe(400);
  });

  it("answers 401 to a revoked key and 403 to a key without the ingest scope", async () => {
    const { apiKey, secret } = await createApiKey(orgA, { name: "revoked", scopes: ["ingest"] });
    await revokeApiKey(orgA, { apiKeyId: apiKey.id });
    const event = { id: uid("r"), timestamp: hourAgo(), service: "openai", model: "gpt-4o", quantities: { input_tokens: 1 } };
    expect((await send({ id: apiKey.id, secret }, { events: [event] })).status).toBe(401);
    const readOnly = await key(orgA, ["read"]);
    const forbidden = await send(readOnly, { events: [event] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe("forbidden");
    expect(await stored(orgA.org.id, event.id)).toBeUndefined();
  });

  it("writes a key's events into its own organization only", async () => {
    const keyOfB = await key(orgB);
    const id = uid("t");
    const { body } = await send(keyOfB, { events: [{ id, timestamp: hourAgo(), service: "openai", model: "gpt-4o", quantities: { input_tokens: 1 }, org_id: orgA.org.id }] });
    expect(body.rejected[0].code).toBe("unknown_field");
    await send(keyOfB, { events: [{ id, timestamp: hourAgo(), service: "openai", model: "gpt-4o", quantities: { input_tokens: 1 } }] });
    expect(await stored(orgA.org.id, id)).toBeUndefined();
    expect((await stored(orgB.org.id, id)).org_id).toBe(orgB.org.id);
  });
});

describe("rollups after a randomized mixed workload", () => {
  it("equal the sum of the stored events, exactly, per bucket and dimensions", async () => {
    const org = (await teamOrg(sql, "ingest-rand")).owner;
    const keys = [await key(org), await key(org)];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const ids: string[] = [];
    const models = [["openai", "gpt-4o"], ["openai", "gpt-4o-mini"], ["anthropic", "claude-sonnet-4-5"], ["twilio", "sms-outbound-us"], ["openai", "unknown-model"]] as const;
    const batches = Array.from({ length: 12 }, () => Array.from({ length: 1 + Math.floor(rand() * 150) }, () => {
      const reuse = ids.length > 0 && rand() < 0.25;
      const id = reuse ? pick(ids) : uid("m");
      if (!reuse) ids.push(id);
      const [service, model] = pick(models);
      const timestamp = new Date(Date.now() - Math.floor(rand() * 72) * 3_600_000 - Math.floor(rand() * 3_600_000)).toISOString();
      const dims = { team: pick(["a", "b", undefined]), project: pick(["p", undefined]), environment: pick(["prod", "dev", undefined]) };
      const status = rand() < 0.1 ? { status: "error", error_code: "rate_limit" } : {};
      const latency = rand() < 0.5 ? { latency_ms: Math.floor(rand() * 2000) } : {};
      const usage = service === "twilio" ? { quantities: { messages: 1 + Math.floor(rand() * 3) } }
        : rand() < 0.2 ? { cost: (rand() * 0.01).toFixed(8), currency: "USD", quantities: { input_tokens: 10 } }
          : { quantities: { input_tokens: Math.floor(rand() * 5000), output_tokens: 1 + Math.floor(rand() * 800) } };
      return { id, timestamp, service, model, ...dims, ...status, ...latency, ...usage };
    }));
    // Half the batches are sent twice (retries), and two at a time (concurrency).
    let accepted = 0;
    for (let i = 0; i < batches.length; i += 2) {
      const pair = batches.slice(i, i + 2);
      const results = await Promise.all([...pair.map((b, j) => send(keys[j], { events: b })), send(keys[0], { events: pair[0] })]);
      for (const r of results) {
        expect(r.status).toBe(200);
        expect(r.body.rejected).toEqual([]);
        accepted += r.body.accepted;
      }
    }
    expect(accepted).toBe(new Set(batches.flat().map((e) => e.id)).size);

    const mismatches = await rollupMismatches(sql, org.org.id);
    expect(mismatches).toEqual([]);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where org_id = ${org.org.id}`;
    expect(n).toBe(accepted);
  });
});
