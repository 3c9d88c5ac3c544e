import { describe, expect, it } from "vitest";
import { reconcile, type ReconcileInput } from "../../../lib/core/reconciliation/reconcile.ts";

const base: ReconcileInput = { priced: [], billed: [], overrides: [], unsettledFrom: {}, currency: "USD" };
const priced = (service: string, day: string, cost: string, extra: { events?: number; unpriced?: number } = {}) =>
  ({ service, day, cost, events: extra.events ?? 10, unpriced: extra.unpriced ?? 0 });
const billed = (service: string, day: string, amount: string | null, original = [{ currency: "USD", amount: amount ?? "0" }]) => ({ service, day, amount, original });

describe("reconcile", () => {
  it("compares each service and day exactly, within the tolerance and above a cent", () => {
    const rows = reconcile({
      ...base,
      priced: [priced("openai", "2026-11-20", "100.10"), priced("openai", "2026-11-21", "100"), priced("openai", "2026-11-22", "0.30")],
      billed: [billed("openai", "2026-11-20", "100"), billed("openai", "2026-11-21", "110"), billed("openai", "2026-11-22", "0.29")],
    });
    expect(rows.map(({ day, priced: ours, billed: theirs, difference, difference_percent, over_tolerance }) => ({ day, ours, theirs, difference, difference_percent, over_tolerance }))).toEqual([
      { day: "2026-11-20", ours: "100.1", theirs: "100", difference: "0.1", difference_percent: 0.1, over_tolerance: false },
      { day: "2026-11-21", ours: "100", theirs: "110", difference: "-10", difference_percent: -9.1, over_tolerance: true },
      // 3.4 % but one cent: rounding noise.
      { day: "2026-11-22", ours: "0.3", theirs: "0.29", difference: "0.01", difference_percent: 3.4, over_tolerance: false },
    ]);
    expect(rows[1].explanations).toEqual([expect.stringContaining("Spendguard counted less than was billed")]);
  });

  it("names days without events, unpriced events, overrides, unsettled days and missing exchange rates", () => {
    const rows = reconcile({
      ...base,
      currency: "EUR",
      priced: [priced("anthropic", "2026-11-19", "40", { unpriced: 3 }), priced("anthropic", "2026-11-20", "50")],
      billed: [
        billed("anthropic", "2026-11-18", "12", [{ currency: "USD", amount: "13" }]),
        billed("anthropic", "2026-11-19", "45"),
        billed("anthropic", "2026-11-20", null, [{ currency: "GBP", amount: "44" }]),
      ],
      overrides: [{ service: "anthropic", day: "2026-11-19", model: "claude-sonnet-4" }],
      unsettledFrom: { anthropic: "2026-11-20" },
    });
    expect(rows.map((row) => [row.day, row.explanations])).toEqual([
      ["2026-11-18", ["No usage events for anthropic on this day: check that every caller sends them."]],
      ["2026-11-19", [
        "3 events could not be priced (unknown model or price): their cost is missing on Spendguard's side.",
        "Your price override for claude-sonnet-4 took effect on this day.",
      ]],
      ["2026-11-20", [
        "No exchange rate from GBP to EUR on or before 2026-11-20: add one under Settings → Prices.",
        "The provider may not have settled this day yet: it is synced again later.",
      ]],
    ]);
    expect(rows[2]).toMatchObject({ billed: null, difference: null, difference_percent: null, over_tolerance: false });
  });

  it("reconciles only services a connector bills, and says when Spendguard counted more", () => {
    const rows = reconcile({
      ...base,
      priced: [priced("google", "2026-11-20", "9"), priced("twilio", "2026-11-20", "12")],
      billed: [billed("twilio", "2026-11-20", "10")],
      tolerancePercent: 5,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ service: "twilio", difference: "2", over_tolerance: true });
    expect(rows[0].explanations[0]).toContain("Spendguard counted more than was billed");
  });
});
