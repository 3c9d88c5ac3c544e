import { describe, expect, it } from "vitest";
import { CATALOG_FORMAT, EPOCH, type CatalogPrice, type PriceCatalog } from "@/lib/core/pricing/catalog.ts";
import { priceUsage, type PriceResult } from "@/lib/core/pricing/price-usage.ts";
import { normalizeUsage } from "@/lib/core/usage/normalize-usage.ts";
import type { Quantities, Unit } from "@/lib/core/usage/quantities.ts";

function price(unit: Unit, unitPrice: string, effectiveFrom = EPOCH, extra: Partial<CatalogPrice> = {}): CatalogPrice {
  return { unit, unitPrice, currency: "USD", effectiveFrom, source: "test", sourceVersion: "1", ...extra };
}

const catalog: PriceCatalog = {
  format: CATALOG_FORMAT,
  fallbackProviders: { google: ["anthropic"] },
  models: [
    {
      provider: "anthropic",
      model: "claude-sonnet",
      match: { or: [{ starts_with: "claude-sonnet-4-5" }, { equals: "claude-sonnet" }] },
      prices: [
        price("input_token", "0.000003"),
        price("cached_input_token", "0.0000003"),
        price("cache_write_token", "0.00000375"),
        price("cache_write_1h_token", "0.000006"),
        price("output_token", "0.000015"),
        price("web_search_request", "0.01"),
        price("input_token", "0.000006", EPOCH, { aboveInputTokens: 200_000 }),
        price("output_token", "0.0000225", EPOCH, { aboveInputTokens: 200_000 }),
        price("cached_input_token", "0.0000006", EPOCH, { aboveInputTokens: 200_000 }),
      ],
    },
    {
      provider: "anthropic",
      model: "claude-old",
      match: { equals: "claude-old" },
      prices: [price("input_token", "0.000008"), price("output_token", "0.000024")],
    },
    {
      provider: "openai",
      model: "o3",
      match: { or: [{ equals: "o3" }, { regex: "^o3-\\d{4}-\\d{2}-\\d{2}$" }] },
      prices: [
        price("input_token", "0.00001"),
        price("cached_input_token", "0.0000005"),
        price("output_token", "0.00004"),
        price("input_token", "0.000002", "2025-06-10T00:00:00.000Z"),
        price("cached_input_token", "0.0000005", "2025-06-10T00:00:00.000Z"),
        price("output_token", "0.000008", "2025-06-10T00:00:00.000Z"),
      ],
    },
    {
      provider: "openai",
      model: "gpt-new",
      match: { and: [{ starts_with: "gpt-new" }, { ends_with: "-preview" }] },
      prices: [price("input_token", "0.000001", "2026-01-01T00:00:00.000Z"), price("output_token", "0.000002", "2026-01-01T00:00:00.000Z")],
    },
    {
      provider: "perplexity",
      model: "deep-research",
      match: { contains: "deep-research" },
      prices: [price("input_token", "0.000002"), price("output_token", "0.000008"), price("reasoning_token", "0.000003")],
    },
    {
      provider: "example-api",
      model: "search",
      match: { equals: "search" },
      prices: [price("request", "0.005")],
    },
  ],
};

const at = "2026-08-01T12:00:00Z";

function priced(result: PriceResult) {
  if (result.status !== "priced") throw new Error(`expected priced, got ${JSON.stringify(result)}`);
  return result;
}

describe("priceUsage", () => {
  it.each<[string, string, string, Quantities, string]>([
    ["uncached Claude call", "anthropic", "claude-sonnet-4-5-20250929", { input_token: 10_050, output_token: 500 }, "0.03765"],
    ["same tokens with 10k cache reads", "anthropic", "claude-sonnet-4-5-20250929", { input_token: 50, cached_input_token: 10_000, output_token: 500 }, "0.01065"],
    ["5m and 1h cache writes at their own rates", "anthropic", "claude-sonnet", { input_token: 10, cache_write_token: 1000, cache_write_1h_token: 1000 }, "0.00978"],
    ["web searches", "anthropic", "claude-sonnet", { input_token: 1000, output_token: 100, web_search_request: 3 }, "0.0345"],
    ["above 200k input: all tokens at the tier rate", "anthropic", "claude-sonnet", { input_token: 150_000, cached_input_token: 50_001, output_token: 1000 }, "0.9525006"],
    ["exactly 200k input stays on the base rate", "anthropic", "claude-sonnet", { input_token: 200_000 }, "0.6"],
    ["Claude served by Google falls back to Anthropic prices", "google", "claude-sonnet", { input_token: 100_000 }, "0.3"],
    ["per-request API", "example-api", "search", { request: 4 }, "0.02"],
    ["request count on a token model costs nothing extra", "anthropic", "claude-old", { input_token: 1000, request: 1 }, "0.008"],
  ])("%s", (_name, provider, model, quantities, total) => {
    expect(priced(priceUsage(catalog, { provider, model, occurredAt: at, quantities })).total).toBe(total);
  });

  it("an Anthropic call with cache reads costs less than the same prompt uncached", () => {
    const cached = priced(priceUsage(catalog, { provider: "anthropic", model: "claude-sonnet", occurredAt: at, quantities: { input_token: 50, cached_input_token: 10_000, output_token: 10 } }));
    const uncached = priced(priceUsage(catalog, { provider: "anthropic", model: "claude-sonnet", occurredAt: at, quantities: { input_token: 10_050, output_token: 10 } }));
    expect(Number(cached.total)).toBeLessThan(Number(uncached.total));
  });

  it("an OpenAI call's cached tokens are charged once, at the cached rate", () => {
    const usage = normalizeUsage("openai-chat", { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } });
    if (!usage.ok) throw new Error(usage.error);
    const result = priced(priceUsage(catalog, { provider: "openai", model: "o3", occurredAt: at, ...usage.usage }));
    expect(result.lines).toEqual([
      { unit: "input_token", quantity: 86, unitPrice: "0.000002", amount: "0.000172", source: "test", sourceVersion: "1" },
      { unit: "cached_input_token", quantity: 1920, unitPrice: "0.0000005", amount: "0.00096", source: "test", sourceVersion: "1" },
      { unit: "output_token", quantity: 300, unitPrice: "0.000008", amount: "0.0024", source: "test", sourceVersion: "1" },
    ]);
    expect(result.total).toBe("0.003532");
    expect(result.lines.reduce((n, l) => n + l.quantity, 0)).toBe(2006 + 300);
  });

  it("reports the tier used on each line", () => {
    const result = priced(priceUsage(catalog, { provider: "anthropic", model: "claude-sonnet", occurredAt: at, quantities: { input_token: 200_001, output_token: 1 } }));
    expect(result.lines.map((l) => [l.unit, l.unitPrice, l.aboveInputTokens])).toEqual([
      ["input_token", "0.000006", 200_000],
      ["output_token", "0.0000225", 200_000],
    ]);
  });

  it.each([
    ["before the price change", "2025-06-09T23:59:59.999Z", "0.05", EPOCH],
    ["at the instant the new price starts", "2025-06-10T00:00:00Z", "0.01", "2025-06-10T00:00:00.000Z"],
    ["after the price change", "2026-01-01T00:00:00Z", "0.01", "2025-06-10T00:00:00.000Z"],
  ])("applies the newest price in force: %s", (_name, occurredAt, total, effectiveFrom) => {
    const result = priced(priceUsage(catalog, { provider: "openai", model: "o3-2025-04-16", occurredAt: new Date(occurredAt), quantities: { input_token: 1000, output_token: 1000 } }));
    expect(result.total).toBe(total);
    expect(result.effectiveFrom).toBe(effectiveFrom);
  });

  it("splits reasoning out of output only where the model has a reasoning price", () => {
    const split = priced(priceUsage(catalog, { provider: "perplexity", model: "sonar-deep-research", occurredAt: at, quantities: { output_token: 1000 }, reasoningTokens: 400 }));
    expect(split.lines.map((l) => [l.unit, l.quantity])).toEqual([["output_token", 600], ["reasoning_token", 400]]);
    expect(split.total).toBe("0.006");
    const inOutput = priced(priceUsage(catalog, { provider: "openai", model: "o3", occurredAt: at, quantities: { output_token: 1000 }, reasoningTokens: 400 }));
    expect(inOutput.lines.map((l) => [l.unit, l.quantity])).toEqual([["output_token", 1000]]);
  });

  it.each<[string, Parameters<typeof priceUsage>[1], string, Unit[] | undefined]>([
    ["unknown model", { provider: "openai", model: "gpt-9", occurredAt: at, quantities: { input_token: 1 } }, "unknown_model", undefined],
    ["known model, other provider", { provider: "openai", model: "claude-sonnet", occurredAt: at, quantities: { input_token: 1 } }, "unknown_model", undefined],
    ["match is case-sensitive", { provider: "openai", model: "O3", occurredAt: at, quantities: { input_token: 1 } }, "unknown_model", undefined],
    ["regex must match whole id", { provider: "openai", model: "o3-2025-04-16-x", occurredAt: at, quantities: { input_token: 1 } }, "unknown_model", undefined],
    ["and-rule needs both parts", { provider: "openai", model: "gpt-new-1", occurredAt: at, quantities: { input_token: 1 } }, "unknown_model", undefined],
    ["no price yet at that time", { provider: "openai", model: "gpt-new-1-preview", occurredAt: "2025-12-31T23:59:59Z", quantities: { input_token: 1 } }, "no_price_at_time", undefined],
    ["cache writes on a model without a write price", { provider: "anthropic", model: "claude-old", occurredAt: at, quantities: { input_token: 10, cache_write_token: 5, cached_input_token: 3 } }, "missing_unit_price", ["cached_input_token", "cache_write_token"]],
    ["1h writes are not priced as 5m writes", { provider: "openai", model: "o3", occurredAt: at, quantities: { input_token: 1, cache_write_1h_token: 5 } }, "missing_unit_price", ["cache_write_1h_token"]],
    ["audio tokens are not priced as text", { provider: "openai", model: "o3", occurredAt: at, quantities: { input_token: 1, input_audio_token: 5 } }, "missing_unit_price", ["input_audio_token"]],
    ["zero tokens is not a free call", { provider: "openai", model: "o3", occurredAt: at, quantities: { request: 1 } }, "no_billable_quantities", undefined],
    ["negative quantity", { provider: "openai", model: "o3", occurredAt: at, quantities: { input_token: -1 } }, "invalid_input", undefined],
    ["bad time", { provider: "openai", model: "o3", occurredAt: "yesterday", quantities: { input_token: 1 } }, "invalid_input", undefined],
    ["reasoning above output", { provider: "openai", model: "o3", occurredAt: at, quantities: { output_token: 1 }, reasoningTokens: 2 }, "invalid_input", undefined],
  ])("unpriced: %s", (_name, input, reason, missingUnits) => {
    const result = priceUsage(catalog, input);
    expect(result.status).toBe("unpriced");
    if (result.status === "unpriced") {
      expect(result.reason).toBe(reason);
      expect(result.missingUnits).toEqual(missingUnits);
      expect(result.message).not.toBe("");
    }
    expect(result).not.toHaveProperty("total");
  });

  it("refuses to total mixed currencies", () => {
    const eur: PriceCatalog = {
      format: CATALOG_FORMAT,
      models: [{ provider: "x", model: "m", match: { equals: "m" }, prices: [price("input_token", "1"), { ...price("output_token", "1"), currency: "EUR" }] }],
    };
    expect(priceUsage(eur, { provider: "x", model: "m", occurredAt: at, quantities: { input_token: 1, output_token: 1 } })).toMatchObject({ status: "unpriced", reason: "mixed_currency" });
  });

  it("takes the first matching model, so overrides listed first win", () => {
    const override: PriceCatalog = {
      format: CATALOG_FORMAT,
      models: [{ provider: "openai", model: "o3-contract", match: { starts_with: "o3" }, prices: [price("input_token", "0.000001"), price("output_token", "0.000001")] }],
    };
    const merged = { ...catalog, models: [...override.models, ...catalog.models] };
    expect(priced(priceUsage(merged, { provider: "openai", model: "o3", occurredAt: at, quantities: { input_token: 1000 } })).total).toBe("0.001");
  });
});
