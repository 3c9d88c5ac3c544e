import { describe, expect, it } from "vitest";
import { cheaperModels, MAX_ALTERNATIVES, suggestedPace } from "@/lib/core/checks/check-advice.ts";
import { decideCheck, type BudgetLedger } from "@/lib/core/checks/decide.ts";
import { CATALOG_FORMAT, EPOCH, type CatalogModel } from "@/lib/core/pricing/catalog.ts";
import type { PricingContext } from "@/lib/core/pricing/price-event.ts";

const price = (unit: "input_token" | "output_token", perMillion: string) => ({
  unit, unitPrice: (Number(perMillion) / 1e6).toFixed(12).replace(/0+$/, ""), currency: "USD", effectiveFrom: EPOCH, source: "test", sourceVersion: "1",
});
const model = (provider: string, id: string, input: string, output?: string): CatalogModel => ({
  provider, model: id, match: { equals: id }, prices: output === undefined ? [price("input_token", input)] : [price("input_token", input), price("output_token", output)],
});

const pricing: PricingContext = {
  baseCurrency: "USD",
  fx: new Map(),
  catalog: {
    format: CATALOG_FORMAT,
    models: [
      model("acme", "acme-large", "10", "30"),
      model("acme", "acme-medium", "2", "6"),
      model("acme", "acme-small", "0.2", "0.6"),
      model("acme", "acme-embed", "0.01"), // no output price: not a substitute for a call with output tokens
      model("other", "other-tiny", "0.01", "0.01"), // another provider: never suggested
    ],
  },
};
const call = { service: "acme", model: "acme-large", quantities: { input_token: 100_000, output_token: 10_000 }, occurredAt: new Date("2026-11-23T10:00:00Z") };
const ledger = (over: Partial<BudgetLedger>): BudgetLedger => ({
  budgetId: "b1", name: "Agents", enforcement: "hard", warnAtPercent: "80", periodStart: "2026-11-01T00:00:00.000Z", subject: "",
  effectiveAmount: "1", spent: "0.5", reserved: "0", ...over,
});

describe("cheaperModels", () => {
  it("lists the provider's models that cost less for the same quantities and that the budgets admit, most expensive first", () => {
    // acme-large: 100k × $10/M + 10k × $30/M = $1.30, more than the $0.50 left.
    expect(decideCheck("1.3", [ledger({})]).decision).toBe("deny");
    expect(cheaperModels(call, "1.3", [ledger({})], pricing)).toEqual([
      { model: "acme-medium", estimated_cost: "0.26", decision: "allow" },
      { model: "acme-small", estimated_cost: "0.026", decision: "allow" },
    ]);
  });

  it("says when an alternative would still warn, and leaves out those the budgets would refuse too", () => {
    // $0.30 left of $1: medium ($0.26) fits but crosses 80 %; small ($0.026) stays under it.
    expect(cheaperModels(call, "1.3", [ledger({ spent: "0.7" })], pricing)).toEqual([
      { model: "acme-medium", estimated_cost: "0.26", decision: "warn" },
      { model: "acme-small", estimated_cost: "0.026", decision: "allow" },
    ]);
    // $0.02 left: nothing fits.
    expect(cheaperModels(call, "1.3", [ledger({ spent: "0.98" })], pricing)).toEqual([]);
  });

  it(`never suggests the same or a dearer model, and at most ${MAX_ALTERNATIVES}`, () => {
    expect(cheaperModels({ ...call, model: "acme-medium" }, "0.26", [ledger({ spent: "0.9" })], pricing)).toEqual([
      { model: "acme-small", estimated_cost: "0.026", decision: "warn" },
    ]);
    const many: PricingContext = {
      ...pricing,
      catalog: { ...pricing.catalog, models: Array.from({ length: 9 }, (_, i) => model("acme", `acme-${i}`, String(i + 1), String(i + 1))) },
    };
    const found = cheaperModels({ ...call, model: "acme-huge" }, "100", [ledger({ effectiveAmount: "1000", spent: "0" })], many);
    expect(found.map((m) => m.model)).toEqual(["acme-8", "acme-7", "acme-6", "acme-5", "acme-4"]);
  });
});

describe("suggestedPace", () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  const hours = (n: number) => now + n * 3_600_000;

  it("gives the most per hour that lands the tightest warning budget on its amount at its period end", () => {
    const decided = decideCheck("1", [
      ledger({ budgetId: "a", name: "Month", enforcement: "soft", effectiveAmount: "100", spent: "85" }), // 14 left after… 15 before, 5 h
      ledger({ budgetId: "b", name: "Week", enforcement: "soft", effectiveAmount: "1000", spent: "900" }), // 100 before, 10 h
      ledger({ budgetId: "c", name: "Lifetime", enforcement: "soft", effectiveAmount: "10", spent: "9" }), // no end
    ]);
    const ends = new Map([["a", hours(5)], ["b", hours(10)]]);
    expect(suggestedPace(decided, ends, now)).toEqual({ budget_id: "a", name: "Month", max_per_hour: "3", period_end: "2026-11-23T15:00:00.000Z" });
  });

  it("rounds down, and is absent when no budget warns", () => {
    const decided = decideCheck("0", [ledger({ enforcement: "soft", effectiveAmount: "1", spent: "0.9" })]);
    expect(suggestedPace(decided, new Map([["b1", hours(3)]]), now)).toMatchObject({ max_per_hour: "0.033333" });
    expect(suggestedPace(decideCheck("0.01", [ledger({ spent: "0" })]), new Map([["b1", hours(3)]]), now)).toBeNull();
  });
});
