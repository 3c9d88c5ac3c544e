import { describe, expect, it } from "vitest";
import { effectiveAmount } from "@/lib/core/budgets/effective-amount.ts";

describe("effectiveAmount", () => {
  it("is the amount without rollover, whatever happened before", () => {
    expect(effectiveAmount("100", { enabled: false, cap: null }, ["10", "0"])).toBe("100");
  });

  it("carries unused amounts forward, accumulating, idle periods included", () => {
    expect(effectiveAmount("100", { enabled: true, cap: null }, [])).toBe("100");
    expect(effectiveAmount("100", { enabled: true, cap: null }, ["60"])).toBe("140");
    // 100 → spent 60 → 140 → spent 0 → 240.
    expect(effectiveAmount("100", { enabled: true, cap: null }, ["60", "0"])).toBe("240");
  });

  it("carries at most the cap, and nothing out of an overspent period", () => {
    expect(effectiveAmount("100", { enabled: true, cap: "25" }, ["0", "0", "0"])).toBe("125");
    expect(effectiveAmount("100", { enabled: true, cap: null }, ["0", "250"])).toBe("100");
    expect(effectiveAmount("100.005", { enabled: true, cap: "0.01" }, ["99.999"])).toBe("100.011");
  });
});
