import { describe, expect, it } from "vitest";
import { CATALOG_FORMAT, EPOCH, parseCatalog } from "@/lib/core/pricing/catalog.ts";
import { EMPTY_FX_TABLE, fxTable } from "@/lib/core/pricing/fx.ts";
import {
  MAX_FUTURE_SKEW_MS,
  isRejection,
  prepareEvent,
  type PrepareOptions,
  type PreparedEvent,
  type Rejection,
  type RejectionCode,
} from "@/lib/core/usage/ingest-event.ts";

// A small catalog of our own (the app's catalog module is a memoized server-only loader, not pure).
const price = (unit: string, unitPrice: string, currency = "USD") => ({
  unit, unitPrice, currency, effectiveFrom: EPOCH, source: "test", sourceVersion: "1",
});
const catalog = parseCatalog({
  format: CATALOG_FORMAT,
  models: [
    {
      provider: "openai",
      model: "gpt-4o",
      match: { or: [{ equals: "gpt-4o" }, { starts_with: "gpt-4o-2024" }] },
      prices: [price("input_token", "0.0000025"), price("cached_input_token", "0.00000125"), price("output_token", "0.00001")],
    },
    {
      provider: "anthropic",
      model: "claude-sonnet",
      match: { starts_with: "claude-sonnet-4-5" },
      prices: [
        price("input_token", "0.000003"),
        price("cached_input_token", "0.0000003"),
        price("cache_write_token", "0.00000375"),
        price("output_token", "0.000015"),
      ],
    },
    { provider: "resend", model: "email", match: { equals: "email" }, prices: [price("email", "0.0009")] },
    { provider: "euro", model: "thing", match: { equals: "thing" }, prices: [price("request", "0.01", "EUR")] },
  ],
});

const NOW = Date.parse("2026-11-22T12:00:00.000Z");
const options: PrepareOptions = { pricing: { baseCurrency: "USD", catalog, fx: EMPTY_FX_TABLE }, now: NOW };
const base = { id: "evt-1", timestamp: "2026-11-22T11:59:00Z", service: "openai", model: "gpt-4o" };

function prepared(raw: unknown): PreparedEvent {
  const result = prepareEvent(raw, 7, options);
  if (isRejection(result)) throw new Error(`unexpected rejection ${result.code}: ${result.message}`);
  expect(result.idx).toBe(7);
  return result;
}

function rejected(raw: unknown, opts: PrepareOptions = options): Rejection {
  const result = prepareEvent(raw, 3, opts);
  if (!isRejection(result)) throw new Error(`expected a rejection, got ${JSON.stringify(result)}`);
  expect(result.index).toBe(3);
  expect(result.message.length).toBeGreaterThan(0);
  return result;
}

describe("prepareEvent: priced from the catalog", () => {
  const cases: { name: string; event: Record<string, unknown>; quantities: Record<string, string>; cost: string; model: string }[] = [
    {
      name: "openai quantities",
      event: { ...base, quantities: { input_tokens: 1000, cached_input_tokens: 500, output_tokens: 200 } },
      quantities: { input_token: "1000", cached_input_token: "500", output_token: "200" },
      cost: "0.005125",
      model: "gpt-4o",
    },
    {
      name: "openai reasoning tokens are included in output (not added)",
      event: { ...base, model: "gpt-4o-2024-08-06", quantities: { input_tokens: 10, output_tokens: 100, reasoning_tokens: 60 } },
      quantities: { input_token: "10", output_token: "100" },
      cost: "0.001025",
      model: "gpt-4o",
    },
    {
      name: "openai-chat usage object",
      event: {
        ...base,
        usage_format: "openai-chat",
        usage: { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 } },
      },
      // A provider usage object is one call: request 1 (unpriced for this model, so not a line).
      quantities: { input_token: "86", cached_input_token: "1920", output_token: "300", request: "1" },
      cost: "0.005615",
      model: "gpt-4o",
    },
    {
      name: "anthropic quantities",
      event: { ...base, service: "anthropic", model: "claude-sonnet-4-5-20250929", quantities: { input_tokens: 1000, output_tokens: 500, cached_input_tokens: 2000, cache_write_tokens: 100 } },
      quantities: { input_token: "1000", output_token: "500", cached_input_token: "2000", cache_write_token: "100" },
      cost: "0.011475",
      model: "claude-sonnet",
    },
    {
      name: "anthropic-messages usage object",
      event: {
        ...base,
        service: "anthropic",
        model: "claude-sonnet-4-5",
        usage_format: "anthropic-messages",
        usage: { input_tokens: 1000, output_tokens: 500, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0 },
      },
      quantities: { input_token: "1000", output_token: "500", cached_input_token: "2000", request: "1" },
      cost: "0.0111",
      model: "claude-sonnet",
    },
    {
      name: "non-token unit",
      event: { ...base, service: "resend", model: "email", quantities: { emails: 3 } },
      quantities: { email: "3" },
      cost: "0.0027",
      model: "email",
    },
  ];
  it.each(cases)("$name", ({ event, quantities, cost, model }) => {
    const out = prepared(event);
    expect(out.pricing_status).toBe("priced");
    expect(out.quantities).toEqual(quantities);
    expect(Number(out.cost)).toBeCloseTo(Number(cost), 12);
    expect(out.cost?.replace(/0+$/, "")).toBe(cost);
    expect(out.currency).toBe("USD");
    expect(out.unpriced_reason).toBeNull();
    expect(out.price_lines?.catalogModel).toBe(model);
    for (const line of out.price_lines?.lines ?? []) expect(quantities[line.unit]).toBe(String(line.quantity));
    expect(out.price_lines?.lines.map((l) => l.unit).sort()).toEqual(Object.keys(quantities).filter((u) => u !== "request").sort());
  });

  it("fills defaults and normalizes the timestamp to UTC ISO", () => {
    const out = prepared({ ...base, timestamp: "2026-11-22T13:30:00+02:00", quantities: { input_tokens: 1 } });
    expect(out).toMatchObject({
      client_event_id: "evt-1", occurred_at: "2026-11-22T11:30:00.000Z", service: "openai", model: "gpt-4o",
      operation: null, status: "ok", error_code: null, latency_ms: null, team: null, tags: {},
    });
  });
});

describe("prepareEvent: provided cost", () => {
  it.each([
    { cost: "0.0025", stored: "0.0025" },
    { cost: "12", stored: "12" },
    { cost: "0", stored: "0" },
    { cost: 0.0025, stored: "0.0025" },
    { cost: 1e-7, stored: "0.0000001" },
    { cost: 0, stored: "0" },
    { cost: 1e9, stored: "1000000000" },
  ])("cost $cost → $stored", ({ cost, stored }) => {
    const out = prepared({ ...base, model: "unknown-model", cost, currency: "USD", quantities: { input_tokens: 5 } });
    expect(out.pricing_status).toBe("provided");
    expect(out.cost).toBe(stored);
    expect(out.price_lines).toBeNull();
    expect(out.unpriced_reason).toBeNull();
  });
});

describe("prepareEvent: unpriced with a reason", () => {
  it.each([
    { name: "unknown model", event: { ...base, model: "gpt-9-ultra", quantities: { input_tokens: 10 } }, reason: "unknown_model" },
    { name: "unknown service", event: { ...base, service: "nobody", quantities: { input_tokens: 10 } }, reason: "unknown_model" },
    { name: "generic units without cost", event: { ...base, quantities: { units: 4 } }, reason: "missing_unit_price" },
    { name: "a unit the model has no price for", event: { ...base, quantities: { emails: 1 } }, reason: "missing_unit_price" },
    { name: "no quantities at all", event: { ...base }, reason: "no_billable_quantities" },
  ])("$name → $reason", ({ event, reason }) => {
    const out = prepared(event);
    expect(out.pricing_status).toBe("unpriced");
    expect(out.unpriced_reason).toBe(reason);
    expect(out.cost).toBeNull();
    expect(out.price_lines).toBeNull();
  });

  it("stores generic units as `unit`", () => {
    expect(prepared({ ...base, quantities: { units: 4, requests: 2 } }).quantities).toEqual({ request: "2", unit: "4" });
  });
});

describe("prepareEvent: other currencies", () => {
  // 1 EUR = 1.10 USD from Nov 1st, 1.08 from Nov 20th; nothing before November.
  const fx = fxTable([
    { currency: "EUR", rate_date: "2026-11-01", rate: "1.10" },
    { currency: "EUR", rate_date: "2026-11-20", rate: "1.08" },
  ]);
  const withRates: PrepareOptions = { ...options, pricing: { ...options.pricing, fx } };

  it("converts a provided cost with the newest rate on or before the event's UTC day, and keeps both", () => {
    const out = prepareEvent({ ...base, cost: "2.50", currency: "EUR" }, 0, withRates);
    expect(out).toMatchObject({
      pricing_status: "provided", cost: "2.7", currency: "USD",
      original_cost: "2.5", original_currency: "EUR", fx_rate: "1.08", fx_rate_date: "2026-11-20", price_lines: null,
    });
    const earlier = prepareEvent({ ...base, timestamp: "2026-11-19T23:59:59Z", cost: "1", currency: "EUR" }, 0, withRates);
    expect(earlier).toMatchObject({ cost: "1.1", fx_rate: "1.10", fx_rate_date: "2026-11-01" });
  });

  it("leaves the event unpriced (no_fx_rate) without a rate, never $0, keeping the original amount", () => {
    const out = prepareEvent({ ...base, timestamp: "2026-10-31T12:00:00Z", cost: "3", currency: "EUR" }, 0, withRates);
    expect(out).toMatchObject({
      pricing_status: "unpriced", unpriced_reason: "no_fx_rate", cost: null, original_cost: "3", original_currency: "EUR",
      fx_rate: null, price_lines: null,
    });
    expect(prepareEvent({ ...base, cost: "3", currency: "GBP" }, 0, withRates)).toMatchObject({ unpriced_reason: "no_fx_rate" });
  });

  it("converts a catalog price in another currency and keeps its price lines either way", () => {
    const event = { ...base, service: "euro", model: "thing", quantities: { requests: 3 } };
    expect(prepareEvent(event, 0, withRates)).toMatchObject({
      pricing_status: "priced", cost: "0.0324", original_cost: "0.03", original_currency: "EUR", fx_rate: "1.08",
      price_lines: { currency: "EUR", lines: [{ unit: "request", quantity: 3, unitPrice: "0.01", amount: "0.03" }] },
    });
    expect(prepareEvent(event, 0, options)).toMatchObject({
      pricing_status: "unpriced", unpriced_reason: "no_fx_rate", cost: null, original_cost: "0.03",
      price_lines: { currency: "EUR" },
    });
  });

  it("keeps a base-currency cost as it is, with no rate", () => {
    expect(prepareEvent({ ...base, cost: "1.5", currency: "USD" }, 0, withRates)).toMatchObject({
      pricing_status: "provided", cost: "1.5", original_cost: "1.5", original_currency: "USD", fx_rate: null, fx_rate_date: null,
    });
  });
});

describe("prepareEvent: rejections", () => {
  const cases: { name: string; event: unknown; code: RejectionCode; opts?: PrepareOptions }[] = [
    { name: "not an object (array)", event: [base], code: "invalid_event" },
    { name: "not an object (null)", event: null, code: "invalid_event" },
    { name: "not an object (string)", event: "evt", code: "invalid_event" },
    { name: "unknown top-level field", event: { ...base, input_token: 5 }, code: "unknown_field" },
    { name: "unknown quantities field", event: { ...base, quantities: { input_token: 5 } }, code: "unknown_field" },
    { name: "null optional field", event: { ...base, team: null }, code: "invalid_field" },
    { name: "missing id", event: { timestamp: base.timestamp, service: "openai", model: "gpt-4o" }, code: "invalid_field" },
    { name: "empty id", event: { ...base, id: "" }, code: "invalid_field" },
    { name: "id too long", event: { ...base, id: "x".repeat(201) }, code: "invalid_field" },
    { name: "bad timestamp", event: { ...base, timestamp: "yesterday" }, code: "invalid_field" },
    { name: "timestamp without offset", event: { ...base, timestamp: "2026-11-22T11:00:00" }, code: "invalid_field" },
    { name: "upper-case service", event: { ...base, service: "OpenAI" }, code: "invalid_field" },
    { name: "bad status", event: { ...base, status: "fine" }, code: "invalid_field" },
    { name: "error_code without status error", event: { ...base, error_code: "rate_limited" }, code: "invalid_field" },
    { name: "usage without usage_format", event: { ...base, usage: { prompt_tokens: 1 } }, code: "invalid_field" },
    { name: "usage_format without usage", event: { ...base, usage_format: "openai-chat" }, code: "invalid_field" },
    { name: "unknown usage_format", event: { ...base, usage_format: "mistral", usage: {} }, code: "invalid_field" },
    { name: "reasoning > output", event: { ...base, quantities: { output_tokens: 5, reasoning_tokens: 6 } }, code: "invalid_field" },
    { name: "currency without cost", event: { ...base, currency: "USD" }, code: "invalid_field" },
    { name: "lower-case currency", event: { ...base, cost: "1", currency: "usd" }, code: "invalid_field" },
    { name: "too many tags", event: { ...base, tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`t${i}`, "v"])) }, code: "invalid_field" },
    { name: "timestamp before 1970 (year 0 cannot be stored)", event: { ...base, timestamp: "0000-01-01T00:00:00Z" }, code: "invalid_field" },
    { name: "timestamp shifted into year 0 by its offset", event: { ...base, timestamp: "0001-01-01T00:30:00+01:00" }, code: "invalid_field" },
    { name: "timestamp just before 1970", event: { ...base, timestamp: "1969-12-31T23:59:59Z" }, code: "invalid_field" },
    { name: "NUL in model", event: { ...base, model: "gpt\u0000" }, code: "invalid_field" },
    { name: "lone high surrogate in id", event: { ...base, id: "evt-\ud800" }, code: "invalid_field" },
    { name: "lone low surrogate in a tag value", event: { ...base, tags: { k: "\udc00" } }, code: "invalid_field" },
    { name: "reversed surrogate pair in a tag key", event: { ...base, tags: { "\udc00\ud800": "v" } }, code: "invalid_field" },
    { name: "NUL in error_code", event: { ...base, status: "error", error_code: "\u0000" }, code: "invalid_field" },
    { name: "timestamp far in the future", event: { ...base, timestamp: "2999-01-01T00:00:00Z" }, code: "timestamp_in_future" },
    {
      name: "timestamp just past the skew",
      event: { ...base, timestamp: new Date(NOW + MAX_FUTURE_SKEW_MS + 1000).toISOString() },
      code: "timestamp_in_future",
    },
    {
      name: "quantities and usage",
      event: { ...base, quantities: { input_tokens: 1 }, usage_format: "openai-chat", usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
      code: "conflicting_usage",
    },
    { name: "usage object of the wrong shape", event: { ...base, usage_format: "openai-chat", usage: { prompt_tokens: "many" } }, code: "invalid_usage" },
    { name: "usage with negative tokens", event: { ...base, usage_format: "anthropic-messages", usage: { input_tokens: -1, output_tokens: 1 } }, code: "invalid_usage" },
    { name: "cost without currency", event: { ...base, cost: "0.01" }, code: "currency_required" },
    {
      name: "timestamp before the retention",
      event: { ...base, timestamp: "2025-10-01T00:00:00Z" },
      code: "timestamp_too_old",
      opts: { ...options, oldestAllowed: Date.parse("2025-10-22T12:00:00Z") },
    },
  ];
  it.each(cases)("$name → $code", ({ event, code, opts }) => {
    expect(rejected(event, opts).code).toBe(code);
  });

  it("keeps well-formed unicode, astral characters included", () => {
    const out = prepared({ ...base, id: "evt-🚀", model: "模型-é", team: "\u202eRTL", tags: { "ключ": "💸" } });
    expect(out).toMatchObject({ client_event_id: "evt-🚀", model: "模型-é", team: "\u202eRTL", tags: { "ключ": "💸" } });
    expect(prepared({ ...base, timestamp: "1970-01-01T00:00:00Z" }).occurred_at).toBe("1970-01-01T00:00:00.000Z");
  });

  it("names the unknown fields", () => {
    expect(rejected({ ...base, input_token: 5, outptu: 1 }).message).toMatch(/input_token.*outptu/);
    expect(rejected({ ...base, quantities: { input_token: 5 } }).message).toMatch(/in quantities: input_token/);
  });

  it("accepts a timestamp within the allowed skew", () => {
    expect(prepared({ ...base, timestamp: new Date(NOW + MAX_FUTURE_SKEW_MS).toISOString() }).occurred_at).toBe(
      new Date(NOW + MAX_FUTURE_SKEW_MS).toISOString(),
    );
    expect(prepared({ ...base, timestamp: "1999-01-01T00:00:00Z" }).occurred_at).toBe("1999-01-01T00:00:00.000Z");
  });
});

describe("prepareEvent: boundary values", () => {
  const counts: { value: unknown; ok: boolean }[] = [
    { value: 0, ok: true },
    { value: 1, ok: true },
    { value: 1e12, ok: true },
    { value: 1e12 + 1, ok: false },
    { value: -1, ok: false },
    { value: 1.5, ok: false },
    { value: "NaN", ok: false },
    { value: "5", ok: false },
    { value: null, ok: false },
    { value: Number.MAX_SAFE_INTEGER + 2, ok: false },
  ];
  it.each(counts)("quantities.input_tokens = $value → ok: $ok", ({ value, ok }) => {
    const result = prepareEvent({ ...base, quantities: { input_tokens: value } }, 0, options);
    if (ok) {
      expect(isRejection(result)).toBe(false);
      const out = result as PreparedEvent;
      // 0 is compacted away; the rest is stored exactly as a decimal string.
      expect(out.quantities).toEqual(value === 0 ? {} : { input_token: String(value) });
    } else {
      expect(result).toMatchObject({ code: "invalid_field" });
      expect((result as Rejection).message).toMatch(/^quantities\.input_tokens: /);
    }
  });

  it("prices the largest count exactly", () => {
    const out = prepared({ ...base, quantities: { input_tokens: 1e12, output_tokens: 1e12 } });
    expect(out.cost).toMatch(/^12500000(\.0*)?$/);
  });

  it.each([
    { cost: -0.01, ok: false },
    { cost: "-0.01", ok: false },
    { cost: 1e9 + 1, ok: false },
    { cost: "NaN", ok: false },
    { cost: "1e-7", ok: false },
    { cost: "12345678901", ok: false },
    { cost: "1.123456789012345678901", ok: false },
    { cost: "9999999999.12345678901234567890", ok: true, stored: "9999999999.1234567890123456789" },
    { cost: "007.50", ok: true, stored: "7.5" },
  ])("cost $cost → ok: $ok", ({ cost, ok, stored }) => {
    const result = prepareEvent({ ...base, cost, currency: "USD" }, 0, options);
    if (ok) expect(result).toMatchObject({ pricing_status: "provided", cost: stored });
    else expect(result).toMatchObject({ code: "invalid_field" });
  });

  it.each([
    { latency_ms: 0, ok: true },
    { latency_ms: 86_400_000, ok: true },
    { latency_ms: 86_400_001, ok: false },
    { latency_ms: -1, ok: false },
    { latency_ms: 2.5, ok: false },
  ])("latency_ms $latency_ms → ok: $ok", ({ latency_ms, ok }) => {
    const result = prepareEvent({ ...base, latency_ms }, 0, options);
    expect(isRejection(result)).toBe(!ok);
  });
});
