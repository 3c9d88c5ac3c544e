/** A small catalog for the recommendation rules: one provider with a large, a medium, a small and a mid-size model nobody uses. */
import { CATALOG_FORMAT, EPOCH, type CatalogModel } from "@/lib/core/pricing/catalog.ts";
import type { PricingContext } from "@/lib/core/pricing/price-event.ts";
import type { ModelUsage } from "@/lib/core/recommendations/types.ts";

type PricedUnit = "input_token" | "cached_input_token" | "output_token";

/** Prices per million tokens, as people quote them. */
const model = (id: string, perMillion: Partial<Record<PricedUnit, string>>): CatalogModel => ({
  provider: "acme",
  model: id,
  match: { equals: id },
  prices: Object.entries(perMillion).map(([unit, price]) => ({
    unit: unit as PricedUnit, unitPrice: (Number(price) / 1e6).toFixed(12).replace(/0+$/, ""), currency: "USD", effectiveFrom: EPOCH, source: "test", sourceVersion: "1",
  })),
});

export const pricing: PricingContext = {
  baseCurrency: "USD",
  fx: new Map(),
  catalog: {
    format: CATALOG_FORMAT,
    models: [
      model("acme-large", { input_token: "10", cached_input_token: "1", output_token: "30" }),
      model("acme-medium", { input_token: "6", output_token: "18" }),
      // 40 % of acme-large's price, but nobody in the organization runs it.
      model("acme-mid", { input_token: "4", output_token: "12" }),
      model("acme-small", { input_token: "1", output_token: "3" }),
    ],
  },
};

export const now = new Date("2026-11-23T10:00:00Z");

export function usage(model: string, over: Partial<ModelUsage> = {}): ModelUsage {
  return { service: "acme", model, calls: 200, unpriced: 0, cost: "1", quantities: { input_token: "1000", output_token: "1000" }, ...over };
}
