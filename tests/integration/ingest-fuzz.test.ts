/**
 * POST /api/v1/events under seeded generated payloads, through the real route and database:
 * valid and invalid events mixed (wrong types, huge and negative numbers, far-future and far-past
 * timestamps, unknown fields, long strings, unicode including lone surrogates and NUL, repeated
 * ids). Each batch must answer 200 and account for every index exactly once, agree with
 * prepareEvent (the pure oracle), store exactly the accepted events, and keep rollups = Σ events.
 * Reproduce a failure with SG_FUZZ_SEED=<printed seed>.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { rollupMismatches } from "./rollup-check.ts";
import { POST } from "../../app/api/v1/events/route.ts";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import { priceCatalog } from "../../lib/services/usage/price-catalog.ts";
import { isRejection, prepareEvent } from "../../lib/core/usage/ingest-event.ts";
import { EMPTY_FX_TABLE } from "../../lib/core/pricing/fx.ts";
import { retentionStart } from "../../lib/services/pricing/pricing-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const SEED = Number(process.env.SG_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`ingest-fuzz seed: ${SEED} (rerun with SG_FUZZ_SEED=${SEED})`);

const sql = superuserSql();
afterAll(() => sql.end());

/** mulberry32: tiny, seedable, good enough to pick cases. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

type Result = { accepted: number; duplicates: number; duplicate_indexes: number[]; rejected: { index: number; code: string; message: string }[] };
type Sent = { status: number; body: Result & { error?: { code: string } } };
type Key = { secret: string };

async function post(k: Key, body: BodyInit): Promise<Sent> {
  const response = await POST(new Request("http://localhost/api/v1/events", {
    method: "POST",
    headers: { authorization: `Bearer ${k.secret}`, "content-type": "application/json" },
    body,
  }));
  return { status: response.status, body: await response.json() };
}

async function key(ctx: OrgContext): Promise<Key> {
  const { secret } = await createApiKey(ctx, { name: `fuzz ${randomUUID().slice(0, 8)}`, scopes: ["ingest"] });
  return { secret };
}

const REJECTION_CODES = new Set([
  "invalid_event", "unknown_field", "invalid_field", "timestamp_in_future", "timestamp_too_old", "conflicting_usage",
  "invalid_usage", "currency_required",
]);

const WEIRD_STRINGS = [
  "日本語のモデル", "emoji 🚀💸", "e\u0301 combining", "\u202eRTL override", "tab\tnew\nline", "quote \" back\\slash",
  "lone high \ud800", "lone low \udc00 x", "reversed \udc00\ud800", "nul \u0000 byte", "\ufeffBOM", "zero\u200bwidth", " ",
];

type Event = Record<string, unknown>;

function makeEvents(rand: ReturnType<typeof generator>, prefix: string, count: number, now: number): unknown[] {
  const { int, pick, chance } = rand;
  const ids: string[] = [];
  const models = [["openai", "gpt-4o"], ["openai", "gpt-4o-mini"], ["anthropic", "claude-sonnet-4-5"], ["twilio", "sms-outbound-us"], ["openai", "no-such-model"], ["acme", "widget"]] as const;
  const recent = () => new Date(now - 60_000 - int(72 * 3_600_000)).toISOString();

  const valid = (): Event => {
    const [service, model] = pick(models);
    const id = `${prefix}-${ids.length}-${int(1e9)}`;
    ids.push(id);
    const event: Event = { id, timestamp: recent(), service, model };
    const shape = int(6);
    if (shape === 0) event.quantities = { input_tokens: int(100_000), output_tokens: int(5_000), cached_input_tokens: int(1000) };
    if (shape === 1) event.quantities = { messages: 1 + int(5) };
    if (shape === 2) Object.assign(event, { usage_format: "openai-chat", usage: { prompt_tokens: 100 + int(1000), completion_tokens: int(100), total_tokens: 2000 } });
    if (shape === 3) Object.assign(event, { usage_format: "anthropic-messages", usage: { input_tokens: int(1000), output_tokens: int(1000), cache_read_input_tokens: int(500) } });
    if (shape === 4) Object.assign(event, { cost: chance(0.5) ? (int(1e8) / 1e7).toFixed(7) : int(1000) / 1000, currency: "USD", quantities: { units: 1 + int(9) } });
    if (chance(0.3)) event.team = pick(["a", "b", "平台"]);
    if (chance(0.3)) event.environment = pick(["prod", "dev"]);
    if (chance(0.3)) event.latency_ms = int(10_000);
    if (chance(0.1)) Object.assign(event, { status: "error", error_code: "rate_limit" });
    if (chance(0.2)) event.tags = { k: pick(["v", "ü", ""]) };
    if (chance(0.1)) event.timestamp = pick(["1999-12-31T23:59:59Z", "2026-01-01T05:30:00+05:30", "1970-01-01T00:00:00Z"]);
    return event;
  };

  const mutations: ((e: Event) => unknown)[] = [
    // Wrong types.
    (e) => ({ ...e, id: int(1000) }),
    (e) => ({ ...e, timestamp: now }),
    (e) => ({ ...e, service: null }),
    (e) => ({ ...e, quantities: { input_tokens: String(int(100)) } }),
    (e) => ({ ...e, quantities: [1, 2] }),
    (e) => ({ ...e, tags: ["a"] }),
    (e) => ({ ...e, latency_ms: "12" }),
    (e) => ({ ...e, cost: true, currency: "USD" }),
    (e) => ({ ...e, usage_format: "openai-chat", usage: "lots", quantities: undefined }),
    () => pick([null, 42, "event", [], true]),
    // Huge, negative, fractional numbers.
    (e) => ({ ...e, quantities: { input_tokens: pick([1e12 + 1, 1e15, 1e300, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER]) } }),
    (e) => ({ ...e, quantities: { output_tokens: pick([-1, -1e12, -0.5]) } }),
    (e) => ({ ...e, quantities: { input_tokens: 1.25 } }),
    (e) => ({ ...e, quantities: undefined, usage_format: "anthropic-messages", usage: { input_tokens: -5, output_tokens: 1 } }),
    (e) => ({ ...e, quantities: undefined, usage_format: "openai-chat", usage: { prompt_tokens: 1e300, completion_tokens: 1, total_tokens: 1 } }),
    (e) => ({ ...e, cost: pick([-1, 1e9 + 1, "1e5", "-0.1", "12345678901", "0.123456789012345678901"]), currency: "USD" }),
    (e) => ({ ...e, cost: pick([5e-324, 1e-20, 1e9, "0.00000000000000000001"]), currency: "USD", quantities: undefined, usage: undefined, usage_format: undefined }),
    (e) => ({ ...e, latency_ms: pick([-1, 86_400_001, 1e20]) }),
    // Timestamps.
    (e) => ({ ...e, timestamp: pick(["2999-01-01T00:00:00Z", new Date(now + 3_600_000).toISOString(), "9999-12-31T23:59:59Z"]) }),
    (e) => ({ ...e, timestamp: pick(["0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "1000-06-15T12:00:00Z"]) }),
    (e) => ({ ...e, timestamp: pick(["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01", "", "2026-01-01T00:00:00+25:00"]) }),
    // Unknown fields, conflicts, currency.
    (e) => ({ ...e, [pick(["org_id", "input_tokens", "Service", "__proto__x", "💥"])]: 1 }),
    (e) => ({ ...e, quantities: { input_tokens: 1, outptu_tokens: 2 } }),
    (e) => ({ ...e, quantities: { input_tokens: 1 }, usage_format: "openai-chat", usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
    (e) => ({ ...e, cost: "0.5", currency: undefined }),
    (e) => ({ ...e, cost: "0.5", currency: pick(["EUR", "usd", "US", ""]) }),
    (e) => ({ ...e, error_code: "oops", status: undefined }),
    // Long strings.
    (e) => ({ ...e, id: "i".repeat(pick([200, 201, 5000])) + int(1e9) }),
    (e) => ({ ...e, model: "m".repeat(pick([199, 200, 201, 10_000])) }),
    (e) => ({ ...e, tags: { ["k".repeat(pick([64, 65]))]: "v".repeat(pick([256, 257])) } }),
    (e) => ({ ...e, tags: Object.fromEntries(Array.from({ length: pick([20, 21]) }, (_, i) => [`t${i}`, "v"])) }),
    // Unicode in every kind of string.
    (e) => ({ ...e, model: pick(WEIRD_STRINGS) }),
    (e) => ({ ...e, team: pick(WEIRD_STRINGS), feature: pick(WEIRD_STRINGS) }),
    (e) => ({ ...e, tags: { [pick(WEIRD_STRINGS)]: pick(WEIRD_STRINGS) } }),
    (e) => ({ ...e, id: `${String(e.id)}-${pick(WEIRD_STRINGS)}` }),
    (e) => ({ ...e, service: pick(["öpenai", "open ai", "-x", "a".repeat(65)]) }),
    (e) => ({ ...e, status: "error", error_code: pick(WEIRD_STRINGS) }),
    // Repeated id within the batch (the later one is a duplicate, whatever it carries).
    (e) => (ids.length > 1 ? { ...e, id: pick(ids.slice(0, -1)), quantities: { input_tokens: 7 } } : e),
  ];

  return Array.from({ length: count }, () => {
    let event: unknown = valid();
    if (chance(0.55)) {
      for (let m = 1 + int(2); m > 0 && typeof event === "object" && event !== null && !Array.isArray(event); m--) {
        event = pick(mutations)(event as Event);
      }
    }
    // JSON drops undefined members; so does the oracle's view of the event.
    return event === undefined ? event : JSON.parse(JSON.stringify(event));
  });
}

function describeEvent(event: unknown): string {
  const text = JSON.stringify(event) ?? String(event);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

describe(`ingest fuzz (seed ${SEED})`, () => {
  let org: OrgContext;
  let k: Key;
  beforeAll(async () => {
    org = (await teamOrg(sql, "ingest-fuzz")).owner;
    k = await key(org);
  });

  it("accounts for every index once, agrees with prepareEvent, stores exactly the accepted events, keeps rollups = Σ events", async () => {
    const rand = generator(SEED);
    const acceptedIds = new Set<string>();
    const accepted = new Map<string, { cost: string | null; pricing_status: string }>();
    let total = 0;
    const tally = { accepted: 0, duplicates: 0, rejected: 0 };
    const seenIds = new Set<string>();
    for (let batch = 0; batch < 6; batch++) {
      const now = Date.now();
      const events = makeEvents(rand, `fz${SEED}-${batch}`, 50, now);
      // Resend a few ids of earlier batches: duplicates across requests too.
      if (batch > 0 && acceptedIds.size > 0) {
        const earlier = [...acceptedIds];
        for (let i = 0; i < 3; i++) {
          const event = events[rand.int(events.length)];
          if (typeof event === "object" && event !== null && !Array.isArray(event)) (event as Event).id = rand.pick(earlier);
        }
      }
      total += events.length;
      const options = { pricing: { baseCurrency: "USD", catalog: priceCatalog(), fx: EMPTY_FX_TABLE }, now, oldestAllowed: retentionStart(13, now) };
      const oracle = events.map((event, index) => prepareEvent(event, index, options));

      const { status, body } = await post(k, JSON.stringify({ events }));
      const context = `seed ${SEED}, batch ${batch}`;
      expect(status, `${context}: ${JSON.stringify(body).slice(0, 500)}`).toBe(200);

      // Every index exactly once.
      const rejectedIdx = body.rejected.map((r) => r.index);
      const all = [...rejectedIdx, ...body.duplicate_indexes];
      expect(new Set(all).size, context).toBe(all.length);
      expect(all.every((i) => Number.isInteger(i) && i >= 0 && i < events.length), context).toBe(true);
      expect(body.accepted + body.duplicates + body.rejected.length, context).toBe(events.length);
      expect(body.duplicates, context).toBe(body.duplicate_indexes.length);
      tally.accepted += body.accepted;
      tally.duplicates += body.duplicates;
      tally.rejected += body.rejected.length;
      for (const r of body.rejected) {
        expect(REJECTION_CODES.has(r.code), `${context}: index ${r.index} code ${r.code}`).toBe(true);
        expect(r.message.length, context).toBeGreaterThan(0);
      }

      // Agrees with the pure oracle: the same rejections, and duplicates = repeated or already stored ids.
      const expectedRejected = oracle.filter(isRejection).map((r) => [r.index, r.code]);
      const gotRejected = body.rejected.map((r) => [r.index, r.code]);
      if (JSON.stringify(gotRejected) !== JSON.stringify(expectedRejected)) {
        const first = expectedRejected.find((r, i) => JSON.stringify(r) !== JSON.stringify(gotRejected[i])) ?? gotRejected[0];
        throw new Error(`${context}: rejections differ near index ${first?.[0]}: ${describeEvent(events[Number(first?.[0])])}`);
      }
      const expectedDuplicates: number[] = [];
      oracle.forEach((result, index) => {
        if (isRejection(result)) return;
        if (seenIds.has(result.client_event_id)) expectedDuplicates.push(index);
        else {
          seenIds.add(result.client_event_id);
          acceptedIds.add(result.client_event_id);
          accepted.set(result.client_event_id, { cost: result.cost, pricing_status: result.pricing_status });
        }
      });
      expect(body.duplicate_indexes, context).toEqual(expectedDuplicates);
    }
    expect(total).toBe(300);
    console.log(`ingest-fuzz seed ${SEED}: ${JSON.stringify(tally)}`);
    // The mix really mixes (each outcome is far more likely than 1 in 300 per event).
    expect(tally.accepted * tally.duplicates * tally.rejected, `seed ${SEED}`).toBeGreaterThan(0);

    // Exactly the accepted events are stored, as prepared.
    const rows = await sql<{ client_event_id: string; cost: string | null; pricing_status: string }[]>`
      select client_event_id, cost::text, pricing_status from public.usage_events where org_id = ${org.org.id}`;
    expect(rows.map((r) => r.client_event_id).sort(), `seed ${SEED}`).toEqual([...acceptedIds].sort());
    for (const row of rows) {
      const want = accepted.get(row.client_event_id);
      expect(row.pricing_status, `seed ${SEED}: ${row.client_event_id}`).toBe(want?.pricing_status);
      expect(row.cost === null ? null : Number(row.cost), `seed ${SEED}: ${row.client_event_id}`).toBe(want?.cost == null ? null : Number(want.cost));
    }

    // Rollups = Σ stored events, per bucket and dimensions.
    const mismatches = await rollupMismatches(sql, org.org.id);
    expect(mismatches, `seed ${SEED}`).toEqual([]);
  });
});

describe("whole-request bad input", () => {
  let org: OrgContext;
  let k: Key;
  beforeAll(async () => {
    org = (await teamOrg(sql, "ingest-badreq")).owner;
    k = await key(org);
  });

  const event = (id: string) => ({ id, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", quantities: { input_tokens: 1 } });
  const cases: { name: string; body: () => BodyInit; code: string }[] = [
    { name: "not JSON", body: () => `{"events": [${JSON.stringify(event(randomUUID()))}`, code: "invalid_json" },
    { name: "empty body", body: () => "", code: "invalid_json" },
    {
      name: "invalid UTF-8 bytes",
      body: () => {
        const [head, tail] = JSON.stringify({ events: [event("BAD")] }).split("BAD");
        return Buffer.concat([Buffer.from(head), Buffer.from([0x62, 0xff, 0xfe, 0xc3]), Buffer.from(tail)]);
      },
      code: "invalid_json",
    },
    { name: "overlong UTF-8 encoding", body: () => Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]), code: "invalid_json" },
    { name: "events is an object", body: () => JSON.stringify({ events: { 0: event(randomUUID()) } }), code: "validation_failed" },
    { name: "events is a string", body: () => JSON.stringify({ events: JSON.stringify([event(randomUUID())]) }), code: "validation_failed" },
    { name: "events is null", body: () => JSON.stringify({ events: null }), code: "validation_failed" },
    { name: "events missing", body: () => JSON.stringify({ event: [event(randomUUID())] }), code: "validation_failed" },
    { name: "events is empty", body: () => JSON.stringify({ events: [] }), code: "validation_failed" },
    { name: "body is an array", body: () => JSON.stringify([event(randomUUID())]), code: "validation_failed" },
  ];

  it.each(cases)("$name → 400 $code, nothing stored", async ({ body, code }) => {
    const { status, body: answer } = await post(k, body());
    expect(status).toBe(400);
    expect(answer.error?.code).toBe(code);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where org_id = ${org.org.id}`;
    expect(n).toBe(0);
  });
});
