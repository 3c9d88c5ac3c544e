import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG_FORMAT, EPOCH, mergeCatalogs, parseCatalog } from "@/lib/core/pricing/catalog.ts";
import { convertGenaiPrices } from "@/lib/core/pricing/genai-prices.ts";
import { priceUsage } from "@/lib/core/pricing/price-usage.ts";
import { normalizeUsage } from "@/lib/core/usage/normalize-usage.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), "utf8"));

// Real entries copied from genai-prices 47df840 (descriptions dropped).
const sample = readJson("tests/unit/pricing/fixtures/genai-prices-sample.json");
const version = "47df840 (2026-08-21)";

describe("convertGenaiPrices", () => {
  const { catalog, report } = convertGenaiPrices(sample, version);

  it("counts providers, models, prices and skips with reasons", () => {
    expect(report).toEqual({
      providers: 4,
      models: 3,
      prices: 6 + 11 + 6,
      skipped: [
        { provider: "deepseek", model: "deepseek-chat", reason: "time-of-day prices" },
        { provider: "google", model: "gemma-3", reason: "empty price set (free or unknown in the source; not imported as $0)" },
      ],
    });
    expect(catalog.fallbackProviders).toEqual({ google: ["anthropic"] });
    expect(() => parseCatalog(catalog)).not.toThrow();
  });

  it("turns per-million prices into exact per-token prices with source and version", () => {
    const haiku = catalog.models.find((m) => m.model === "claude-3-5-haiku-latest");
    expect(haiku?.match).toEqual({ or: [{ starts_with: "claude-3-5-haiku" }, { starts_with: "claude-3.5-haiku" }] });
    expect(haiku?.prices.map((p) => [p.unit, p.unitPrice])).toEqual([
      ["input_token", "0.0000008"],
      ["cache_write_token", "0.000001"],
      ["cached_input_token", "0.00000008"],
      ["output_token", "0.000004"],
      ["cache_write_1h_token", "0.0000016"],
      ["web_search_request", "0.01"],
    ]);
    for (const p of haiku?.prices ?? []) {
      expect(p).toMatchObject({ currency: "USD", effectiveFrom: EPOCH, source: "genai-prices", sourceVersion: version });
    }
  });

  it("turns tiered prices into tier rows", () => {
    const sonnet = catalog.models.find((m) => m.model === "claude-sonnet-4-5");
    expect(sonnet?.prices.filter((p) => p.unit === "input_token").map((p) => [p.unitPrice, p.aboveInputTokens])).toEqual([
      ["0.000003", undefined],
      ["0.000006", 200_000],
    ]);
  });

  it("turns dated price changes into versions", () => {
    const o3 = catalog.models.find((m) => m.model === "o3");
    expect(o3?.prices.filter((p) => p.unit === "input_token").map((p) => [p.effectiveFrom, p.unitPrice])).toEqual([
      [EPOCH, "0.00001"],
      ["2025-06-10T00:00:00.000Z", "0.000002"],
    ]);
    const before = priceUsage(catalog, { provider: "openai", model: "o3-2025-04-16", occurredAt: "2025-05-01T00:00:00Z", quantities: { input_token: 1_000_000 } });
    const after = priceUsage(catalog, { provider: "openai", model: "o3-2025-04-16", occurredAt: "2025-07-01T00:00:00Z", quantities: { input_token: 1_000_000 } });
    expect([before, after].map((r) => r.status === "priced" && r.total)).toEqual(["10", "2"]);
  });

  it("leaves skipped models unpriced instead of free", () => {
    expect(priceUsage(catalog, { provider: "google", model: "gemma-3-27b-it", occurredAt: "2026-01-01T00:00:00Z", quantities: { input_token: 5 } })).toMatchObject({
      status: "unpriced",
      reason: "unknown_model",
    });
  });

  it("rejects a feed that is not genai-prices", () => {
    expect(() => convertGenaiPrices({ providers: [] }, version)).toThrow();
  });
});

describe("committed catalogs", () => {
  const generated = parseCatalog(readJson("supabase/seed-data/price-catalog.genai-prices.json"));
  const manual = parseCatalog(readJson("supabase/seed-data/price-catalog.manual.json"));
  const catalog = mergeCatalogs(manual, generated);

  it("load and carry their source on every price", () => {
    expect(catalog.format).toBe(CATALOG_FORMAT);
    expect(generated.models.length).toBeGreaterThan(1000);
    for (const model of catalog.models) for (const p of model.prices) expect(p.source && p.sourceVersion).toBeTruthy();
  });

  it("price a real Claude Sonnet 4.5 response with cache reads and 1h writes", () => {
    const usage = normalizeUsage("anthropic-messages", {
      input_tokens: 100,
      cache_read_input_tokens: 20_000,
      cache_creation_input_tokens: 4000,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 4000 },
      output_tokens: 1000,
    });
    if (!usage.ok) throw new Error(usage.error);
    const result = priceUsage(catalog, { provider: "anthropic", model: "claude-sonnet-4-5-20250929", occurredAt: "2026-08-21T10:00:00Z", ...usage.usage });
    // 100×3 + 20000×0.3 + 4000×6 + 1000×15 per million = 0.0453
    expect(result).toMatchObject({ status: "priced", currency: "USD", total: "0.0453", catalogModel: "claude-sonnet-4-5" });
  });

  it("price a real gpt-4o chat completion and a Gemini 2.5 Pro long-context call", () => {
    const chat = normalizeUsage("openai-chat", { prompt_tokens: 3000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 2048 } });
    if (!chat.ok) throw new Error(chat.error);
    // 952×2.5 + 2048×1.25 + 200×10 per million
    expect(priceUsage(catalog, { provider: "openai", model: "gpt-4o-2024-11-20", occurredAt: "2026-08-21T10:00:00Z", ...chat.usage })).toMatchObject({ total: "0.00694" });

    const gemini = normalizeUsage("gemini", { promptTokenCount: 250_000, candidatesTokenCount: 1000, thoughtsTokenCount: 1000 });
    if (!gemini.ok) throw new Error(gemini.error);
    // above 200k: 250000×2.5 + 2000×15 per million
    expect(priceUsage(catalog, { provider: "google", model: "gemini-2.5-pro", occurredAt: "2026-08-21T10:00:00Z", ...gemini.usage })).toMatchObject({ total: "0.655" });
  });

  it("price the hand-written non-LLM entries", () => {
    expect(priceUsage(catalog, { provider: "twilio", model: "sms-outbound-us", occurredAt: "2026-08-21T10:00:00Z", quantities: { message: 3 } })).toMatchObject({ total: "0.0249" });
    expect(priceUsage(catalog, { provider: "resend", model: "email", occurredAt: "2026-08-21T10:00:00Z", quantities: { email: 1000 } })).toMatchObject({ total: "0.9" });
    expect(priceUsage(catalog, { provider: "twilio", model: "sms-outbound-gb", occurredAt: "2026-08-21T10:00:00Z", quantities: { message: 1 } })).toMatchObject({ status: "unpriced", reason: "unknown_model" });
  });
});
