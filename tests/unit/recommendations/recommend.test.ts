import { describe, expect, it } from "vitest";
import { recommend } from "@/lib/core/recommendations/recommend.ts";
import { now, pricing, usage } from "./pricing.ts";

describe("recommend", () => {
  it("runs every rule and lists the largest saving first, those without an estimate last", () => {
    const recommendations = recommend({
      models: [
        usage("acme-large", { calls: 200, cost: "3.6", quantities: { input_token: "300000", output_token: "20000" } }),
        usage("acme-small"),
      ],
      repeats: [{ service: "acme", model: "acme-small", fingerprints: 2, repeats: 40, cost: "5.5", unpriced: 0 }],
      sms: [{ service: "twilio", model: "sms-outbound-us", sends: 50, failed: 5, cost: "0.0415", unpriced: 0, retried: 0, errors: [{ code: "30003", count: 5 }] }],
      budgets: [{
        id: "b1", name: "Zero", amount: "10", period: { kind: "monthly", startDay: 1 }, timezone: "UTC",
        createdAt: Date.parse("2026-01-01T00:00:00Z"), lastUsedPeriodStart: null,
      }],
      unpriced: [{ service: "acme", model: "acme-x", events: 2, reasons: { unknown_model: 2 } }],
    }, pricing, now.getTime());
    expect(recommendations.map((r) => [r.key, r.monthly_saving])).toEqual([
      ["repeated_requests:acme:acme-small", "5.5"],
      ["expensive_model_short_outputs:acme:acme-large", "3.24"],
      ["sms_failed_sends:twilio:sms-outbound-us", "0.0415"],
      // No estimate: by title.
      ["idle_budget:b1", null],
      ["unpriced_usage:acme:acme-x", null],
    ]);
  });

  it("finds nothing in an organization without usage or budgets", () => {
    expect(recommend({ models: [], repeats: [], sms: [], budgets: [], unpriced: [] }, pricing, now.getTime())).toEqual([]);
  });
});
