import { describe, expect, it } from "vitest";
import { fxTable } from "@/lib/core/pricing/fx.ts";
import { expensiveModelShortOutputs } from "@/lib/core/recommendations/expensive-model-short-outputs.ts";
import { now, pricing, usage } from "./pricing.ts";

// 200 calls of 1,500 input and 100 output tokens on acme-large ($10 / $30 per M): $0.018 a call, $3.60 in all.
const large = usage("acme-large", { calls: 200, cost: "3.6", quantities: { input_token: "300000", output_token: "20000" } });
const medium = usage("acme-medium");
const small = usage("acme-small");

describe("expensive model with short outputs", () => {
  it("suggests the closest model the organization runs that costs less than half, saving the 30-day cost minus the calls at its price", () => {
    // acme-medium ($0.0108 a call) is not under half of $0.018; acme-small ($0.0018) is: 200 × 0.0018 = 0.36.
    const [recommendation, ...others] = expensiveModelShortOutputs([large, medium, small], pricing, now);
    expect(others).toEqual([]);
    expect(recommendation).toEqual({
      kind: "expensive_model_short_outputs",
      key: "expensive_model_short_outputs:acme:acme-large",
      title: "Try acme-small for the short answers of acme-large",
      evidence: [
        "acme-large (acme) answered 200 calls in the last 30 days with 100 output tokens on average: short answers (at most 300 on average).",
        "They cost $3.60. The same calls would cost about $0.36 with acme-small, which this organization already uses: less than half the price per call.",
        "Estimate: the 30-day cost minus 200 typical calls (1,500 input tokens, 100 output tokens: each unit's total divided by the calls, rounded up) at acme-small's price.",
      ],
      monthly_saving: "3.24",
      subject: { service: "acme", model: "acme-large" },
    });
  });

  it("rounds the typical call up, so the alternative is priced high and the saving low", () => {
    const uneven = { ...large, cost: "3.60004", quantities: { input_token: "300001", output_token: "20001" } };
    // 1,501 input and 101 output tokens at acme-small: 0.001501 + 0.000303 = 0.001804 a call, 0.3608 for 200.
    const [recommendation] = expensiveModelShortOutputs([uneven, small], pricing, now);
    expect(recommendation.monthly_saving).toBe("3.23924");
  });

  it("prefers the most expensive qualifying model among those in use, never one only the catalog knows", () => {
    const mid = usage("acme-mid");
    // acme-mid costs $0.0072 a call: 40 % of acme-large's. 3.6 − 200 × 0.0072 = 2.16.
    expect(expensiveModelShortOutputs([large, mid, small], pricing, now)[0]).toMatchObject({ title: "Try acme-mid for the short answers of acme-large", monthly_saving: "2.16" });
    expect(expensiveModelShortOutputs([large, medium], pricing, now)).toEqual([]);
  });

  it("prices the alternative in the base currency with the organization's rate", () => {
    const euros = { ...pricing, baseCurrency: "EUR", fx: fxTable([{ currency: "USD", rate_date: "2026-11-01", rate: "0.9" }]) };
    // The events cost €3.24; acme-small: 200 × $0.0018 × 0.9 = €0.324.
    const [recommendation] = expensiveModelShortOutputs([{ ...large, cost: "3.24" }, small], euros, now);
    expect(recommendation.monthly_saving).toBe("2.916");
    expect(recommendation.evidence[1]).toBe("They cost €3.24. The same calls would cost about €0.32 with acme-small, which this organization already uses: less than half the price per call.");
    expect(expensiveModelShortOutputs([large, small], { ...euros, fx: new Map() }, now)).toEqual([]);
  });

  it.each([
    ["long answers (301 output tokens a call on average)", { quantities: { input_token: "300000", output_token: "60200" } }],
    ["too few calls to be a pattern", { calls: 99, quantities: { input_token: "148500", output_token: "9900" } }],
    ["some of its events unpriced", { unpriced: 1 }],
    ["no output at all (embeddings)", { quantities: { input_token: "300000" } }],
    ["a saving under 1", { calls: 100, cost: "0.13", quantities: { input_token: "10000", output_token: "1000" } }],
  ])("stays quiet for %s", (_case, over) => {
    expect(expensiveModelShortOutputs([{ ...large, ...over }, small], pricing, now)).toEqual([]);
  });
});
