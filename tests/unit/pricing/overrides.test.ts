import { describe, expect, it } from "vitest";
import { CATALOG_FORMAT, EPOCH, parseCatalog } from "@/lib/core/pricing/catalog.ts";
import { applyOverrides, type PriceOverride } from "@/lib/core/pricing/overrides.ts";
import { priceUsage } from "@/lib/core/pricing/price-usage.ts";

const price = (unit: string, unitPrice: string, effectiveFrom = EPOCH) => ({
  unit, unitPrice, currency: "USD", effectiveFrom, source: "test", sourceVersion: "1",
});
const catalog = parseCatalog({
  format: CATALOG_FORMAT,
  models: [
    {
      provider: "openai",
      model: "gpt-4o",
      match: { starts_with: "gpt-4o" },
      prices: [
        price("input_token", "0.000005"), price("output_token", "0.000015"),
        // A catalog price cut after the negotiated rate: the rate must keep winning.
        price("input_token", "0.0000025", "2026-09-01T00:00:00.000Z"), price("output_token", "0.00001", "2026-09-01T00:00:00.000Z"),
      ],
    },
  ],
});

const negotiated: PriceOverride = {
  id: "ov-1", service: "openai", model: "gpt-4o", effective_from: "2026-06-01T00:00:00Z", currency: "USD",
  unit_prices: { input_token: "0.000004", output_token: "0.000012" }, note: "Enterprise agreement",
};
const usage = { input_token: 1_000_000, output_token: 100_000 };
const at = (iso: string) => ({ provider: "openai", model: "gpt-4o", occurredAt: iso, quantities: usage });

describe("applyOverrides", () => {
  it("returns the catalog itself when there is nothing to lay over it", () => {
    expect(applyOverrides(catalog, [])).toBe(catalog);
  });

  it("prices with the catalog before the first override and with the override from then on, catalog changes included", () => {
    const overlay = applyOverrides(catalog, [negotiated]);
    expect(priceUsage(overlay, at("2026-05-31T23:59:59Z"))).toMatchObject({ status: "priced", total: "6.5" });
    const june = priceUsage(overlay, at("2026-06-01T00:00:00Z"));
    expect(june).toMatchObject({ status: "priced", total: "5.2", effectiveFrom: "2026-06-01T00:00:00.000Z" });
    expect(june.status === "priced" && june.lines.map((line) => line.sourceVersion)).toEqual([
      "ov-1 (Enterprise agreement)", "ov-1 (Enterprise agreement)",
    ]);
    expect(priceUsage(overlay, at("2026-10-01T00:00:00Z"))).toMatchObject({ status: "priced", total: "5.2" });
    // Only the exact model string is overridden; other models of the same catalog entry keep the catalog price.
    expect(priceUsage(overlay, { ...at("2026-10-01T00:00:00Z"), model: "gpt-4o-mini" })).toMatchObject({ total: "3.5" });
  });

  it("applies the newest override version in force, and a unit a version leaves out is unpriced", () => {
    const later: PriceOverride = { ...negotiated, id: "ov-2", effective_from: "2026-08-01T00:00:00Z", unit_prices: { input_token: "0.000003" }, note: null };
    const overlay = applyOverrides(catalog, [negotiated, later]);
    expect(priceUsage(overlay, at("2026-07-15T00:00:00Z"))).toMatchObject({ status: "priced", total: "5.2" });
    expect(priceUsage(overlay, at("2026-08-15T00:00:00Z"))).toMatchObject({ status: "unpriced", reason: "missing_unit_price", missingUnits: ["output_token"] });
    expect(priceUsage(overlay, { ...at("2026-08-15T00:00:00Z"), quantities: { input_token: 1000 } })).toMatchObject({ total: "0.003" });
  });

  it("prices a model the catalog does not know, generic units included, in the override's currency", () => {
    const scraper: PriceOverride = {
      id: "ov-3", service: "scraperapi", model: "render-js", effective_from: "2026-01-01T00:00:00Z", currency: "EUR",
      unit_prices: { unit: "0.0049" },
    };
    const overlay = applyOverrides(catalog, [scraper]);
    const result = priceUsage(overlay, { provider: "scraperapi", model: "render-js", occurredAt: "2026-03-01T00:00:00Z", quantities: { unit: 1000 } });
    expect(result).toMatchObject({ status: "priced", currency: "EUR", total: "4.9" });
    expect(priceUsage(overlay, { provider: "scraperapi", model: "render-js", occurredAt: "2025-12-31T00:00:00Z", quantities: { unit: 1 } }))
      .toMatchObject({ status: "unpriced", reason: "no_price_at_time" });
  });
});
