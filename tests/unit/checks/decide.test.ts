import { describe, expect, it } from "vitest";
import { decideCheck, type BudgetLedger, type Enforcement } from "@/lib/core/checks/decide.ts";
import { previousSpent } from "@/lib/core/checks/previous-spent.ts";

const ledger = (enforcement: Enforcement, over: Partial<BudgetLedger> = {}): BudgetLedger => ({
  budgetId: `b-${enforcement}`, name: enforcement, enforcement, warnAtPercent: "80", periodStart: "2026-11-01T00:00:00.000Z", subject: "",
  effectiveAmount: "100", spent: "0", reserved: "0", ...over,
});

describe("decideCheck", () => {
  it.each([
    // enforcement, spent, reserved, estimate → decision, reason
    ["soft", "0", "0", "10", "allow", "within_budget"],
    ["soft", "70", "0", "10", "warn", "warn_threshold"], // exactly 80 %: warn
    ["soft", "70", "0", "9.99", "allow", "within_budget"],
    ["soft", "90", "5", "50", "warn", "exceeds_remaining"], // soft never denies
    ["hard", "60", "30", "10", "warn", "warn_threshold"], // exactly the remaining: admitted
    ["hard", "60", "30", "10.000001", "deny", "exceeds_remaining"], // reserved counts
    ["hard", "0", "0", "1", "allow", "within_budget"],
    ["approval", "95", "0", "5.5", "require_approval", "exceeds_remaining"],
    ["approval", "0", "0", "5", "allow", "within_budget"],
  ] as const)("%s with spent %s, reserved %s, estimate %s → %s", (enforcement, spent, reserved, estimate, decision, reason) => {
    const answer = decideCheck(estimate, [ledger(enforcement, { spent, reserved })]);
    expect(answer).toMatchObject({ decision, reason });
  });

  it("reports remaining before and after exactly, with rollover in the amount", () => {
    const answer = decideCheck("0.1", [ledger("hard", { effectiveAmount: "100.3", spent: "0.2", reserved: "100" })]);
    expect(answer.budgets[0]).toMatchObject({ amount: "100.3", remaining_before: "0.1", remaining_after: "0", decision: "warn" });
  });

  it("answers the most severe budget's decision", () => {
    const budgets = [ledger("soft", { spent: "95" }), ledger("approval", { spent: "99" }), ledger("hard", { spent: "0" })];
    expect(decideCheck("2", budgets)).toMatchObject({ decision: "require_approval" });
    expect(decideCheck("2", [...budgets, ledger("hard", { budgetId: "h2", spent: "99" })])).toMatchObject({ decision: "deny" });
  });

  it("never allows an unpriced estimate silently", () => {
    expect(decideCheck(null, [ledger("soft")])).toMatchObject({ decision: "warn", reason: "unpriced_estimate" });
    expect(decideCheck(null, [ledger("approval")])).toMatchObject({ decision: "require_approval", reason: "unpriced_estimate" });
    expect(decideCheck(null, [ledger("soft"), ledger("hard")])).toMatchObject({ decision: "deny", reason: "unpriced_estimate" });
    expect(decideCheck(null, [ledger("hard")]).budgets[0].remaining_after).toBeNull();
  });

  it("allows with an empty list when no budget matches", () => {
    expect(decideCheck("1000", [])).toEqual({ decision: "allow", reason: "no_matching_budget", budgets: [] });
    expect(decideCheck(null, [])).toEqual({ decision: "allow", reason: "no_matching_budget", budgets: [] });
  });
});

describe("previousSpent", () => {
  const monthly = { kind: "monthly", startDay: 1 } as const;
  const november = { start: Date.parse("2026-11-01T00:00:00Z"), end: Date.parse("2026-12-01T00:00:00Z") };

  it("lists each earlier period since the budget's creation, idle ones as 0", () => {
    const spent = new Map([["2026-09-01T00:00:00.000Z", "40"]]);
    expect(previousSpent(monthly, "UTC", Date.parse("2026-08-15T12:00:00Z"), november, spent)).toEqual(["0", "40", "0"]);
  });

  it("is empty for a budget made this period, and for one-off periods", () => {
    expect(previousSpent(monthly, "UTC", Date.parse("2026-11-02T00:00:00Z"), november, new Map())).toEqual([]);
    expect(previousSpent({ kind: "lifetime" }, "UTC", 0, { start: null, end: null }, new Map())).toEqual([]);
  });
});
