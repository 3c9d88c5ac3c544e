import { describe, expect, it } from "vitest";
import { cachedInputUnused } from "@/lib/core/recommendations/cached-input-unused.ts";
import { now, pricing, usage } from "./pricing.ts";

// 1,000 calls of ~2,000 input tokens on acme-large: $10 per M uncached, $1 per M read from the cache.
const large = usage("acme-large", { calls: 1000, cost: "23", quantities: { input_token: "2000999", output_token: "100000" } });

describe("cached input unused", () => {
  it("saves the calls × the price of a quarter of the typical prompt read from the cache instead", () => {
    // Typical call (rounded down): 2,000 input tokens; 500 of them cached save 500 × ($10 − $1)/M = $0.0045 a call.
    expect(cachedInputUnused([large], pricing, now)).toEqual([{
      kind: "cached_input_unused",
      key: "cached_input_unused:acme:acme-large",
      title: "Cache the prompts sent to acme-large",
      evidence: [
        "acme-large (acme) read 2,000,999 input tokens over 1,000 calls in the last 30 days (2,000 per call on average), none of them from the prompt cache.",
        "This model prices input read from the cache lower. Had a quarter of each prompt (500 tokens) been a cached prefix, the same calls would have cost $4.50 less.",
        "Put what every call repeats (instructions, tool definitions, examples) at the start of the prompt: OpenAI caches such prefixes by itself, Anthropic when the request marks them with cache_control.",
        "Estimate: the calls × (a typical call's price − the same call with a quarter of its input read from the cache), at this model's prices; cache writes are not counted.",
      ],
      monthly_saving: "4.5",
      subject: { service: "acme", model: "acme-large" },
    }]);
  });

  it("uses the organization's own prices for the model", () => {
    const negotiated = {
      ...pricing,
      catalog: {
        ...pricing.catalog,
        models: [{
          provider: "acme", model: "acme-large", match: { equals: "acme-large" },
          prices: [
            { unit: "input_token" as const, unitPrice: "0.000005", currency: "USD", effectiveFrom: "2026-01-01T00:00:00.000Z", source: "override", sourceVersion: "o1" },
            { unit: "cached_input_token" as const, unitPrice: "0.000001", currency: "USD", effectiveFrom: "2026-01-01T00:00:00.000Z", source: "override", sourceVersion: "o1" },
            { unit: "output_token" as const, unitPrice: "0.00002", currency: "USD", effectiveFrom: "2026-01-01T00:00:00.000Z", source: "override", sourceVersion: "o1" },
          ],
        }, ...pricing.catalog.models],
      },
    };
    // 500 × ($5 − $1)/M = $0.002 a call.
    expect(cachedInputUnused([large], negotiated, now)[0].monthly_saving).toBe("2");
  });

  it.each([
    ["some input already read from the cache", { quantities: { input_token: "2000999", cached_input_token: "1", output_token: "100000" } }],
    ["cache writes", { quantities: { input_token: "2000999", cache_write_token: "5000", output_token: "100000" } }],
    ["short prompts (1,023 tokens a call)", { quantities: { input_token: "1023000", output_token: "100000" } }],
    ["too few calls", { calls: 99, quantities: { input_token: "198000", output_token: "9900" } }],
    ["some of its events unpriced", { unpriced: 3 }],
    ["a saving under 1", { calls: 100, quantities: { input_token: "204800", output_token: "10000" } }],
  ])("stays quiet for %s", (_case, over) => {
    expect(cachedInputUnused([{ ...large, ...over }], pricing, now)).toEqual([]);
  });

  it("stays quiet for a model without a cached-input price", () => {
    expect(cachedInputUnused([{ ...large, model: "acme-small" }], pricing, now)).toEqual([]);
  });
});
