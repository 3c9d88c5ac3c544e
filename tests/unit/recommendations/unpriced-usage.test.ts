import { describe, expect, it } from "vitest";
import { unpricedUsage } from "@/lib/core/recommendations/unpriced-usage.ts";

describe("unpriced usage", () => {
  it("says how many events of which model are unpriced and why, points to Settings → Prices, and estimates no saving", () => {
    expect(unpricedUsage([{ service: "acme", model: "acme-x", events: 37, reasons: { unknown_model: 30, missing_unit_price: 7 } }])).toEqual([{
      kind: "unpriced_usage",
      key: "unpriced_usage:acme:acme-x",
      title: "Give acme-x a price",
      evidence: [
        "37 events of acme-x (acme) in the last 30 days have no price (unknown model: 30; a unit without a price: 7).",
        "Unpriced events count in no total, budget or forecast, so what is spent is understated.",
        "Add a negotiated price for the model under Settings → Prices: saving it re-prices these events.",
        "No saving to estimate: the point is knowing what this usage costs.",
      ],
      monthly_saving: null,
      subject: { service: "acme", model: "acme-x" },
    }]);
  });

  it("asks for an exchange rate when costs wait for one, in the singular for one event", () => {
    const [recommendation] = unpricedUsage([{ service: "aws", model: "ec2", events: 1, reasons: { no_fx_rate: 1 } }]);
    expect(recommendation.evidence[0]).toBe("1 event of ec2 (aws) in the last 30 days has no price (no exchange rate: 1).");
    expect(recommendation.evidence[2]).toBe("Add an exchange rate for their currency (or a negotiated price) under Settings → Prices: saving it re-prices these events.");
  });
});
