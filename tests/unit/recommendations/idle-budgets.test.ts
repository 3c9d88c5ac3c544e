import { describe, expect, it } from "vitest";
import { idleBudgets, type BudgetActivity } from "@/lib/core/recommendations/idle-budgets.ts";

const now = Date.parse("2026-11-23T10:00:00Z");
const at = (iso: string) => Date.parse(iso);
const budget = (over: Partial<BudgetActivity> = {}): BudgetActivity => ({
  id: "b1", name: "Marketing", amount: "500", period: { kind: "monthly", startDay: 1 }, timezone: "UTC",
  createdAt: at("2026-08-01T00:00:00Z"), lastUsedPeriodStart: at("2026-09-01T00:00:00Z"), ...over,
});

describe("idle budgets", () => {
  it("names a budget that counted nothing in its last full period nor in this one, without a saving", () => {
    expect(idleBudgets([budget()], "USD", now)).toEqual([{
      kind: "idle_budget",
      key: "idle_budget:b1",
      title: "Budget “Marketing” counts no usage",
      evidence: [
        "“Marketing” (monthly, $500.00) has counted no usage since 1 October 2026: none in its last full period (1 October 2026 to 31 October 2026), none so far in this one.",
        "A budget that counts nothing protects nothing: its scope may not match how events are labelled (a misspelt model, team or project), or the work it covered has stopped. Fix the scope, or delete the budget.",
        "No saving to estimate: an idle budget costs nothing, but it suggests spend is watched where it is not.",
      ],
      monthly_saving: null,
      subject: { budget_id: "b1" },
    }]);
    expect(idleBudgets([budget({ lastUsedPeriodStart: null })], "USD", now)).toHaveLength(1);
  });

  it("is quiet for a budget used in its last period or this one, or too new to tell", () => {
    expect(idleBudgets([budget({ lastUsedPeriodStart: at("2026-10-01T00:00:00Z") })], "USD", now)).toEqual([]);
    expect(idleBudgets([budget({ lastUsedPeriodStart: at("2026-11-01T00:00:00Z") })], "USD", now)).toEqual([]);
    expect(idleBudgets([budget({ createdAt: at("2026-10-01T00:00:01Z"), lastUsedPeriodStart: null })], "USD", now)).toEqual([]);
  });

  it("looks back at least 30 days for short periods, in the budget's own time zone", () => {
    const daily = { period: { kind: "daily" as const }, timezone: "Europe/Berlin" };
    // 30 days before now is 24 October, 12:00 in Berlin: the quiet stretch starts at that day's local midnight.
    const [idle] = idleBudgets([budget({ ...daily, lastUsedPeriodStart: at("2026-10-22T22:00:00Z") })], "USD", now);
    expect(idle.evidence[0]).toMatch(/^“Marketing” \(daily, \$500\.00\) has counted no usage since 24 October 2026: none in its last full period \(22 November 2026\), none so far in this one\.$/);
    expect(idleBudgets([budget({ ...daily, lastUsedPeriodStart: at("2026-10-23T22:00:00Z") })], "USD", now)).toEqual([]);
  });

  it("skips budgets without a last period: custom ranges and lifetime", () => {
    const oneOff = [
      budget({ period: { kind: "custom", startDate: "2026-01-01", endDate: "2026-12-31" }, lastUsedPeriodStart: null }),
      budget({ id: "b2", period: { kind: "lifetime" }, lastUsedPeriodStart: null }),
    ];
    expect(idleBudgets(oneOff, "USD", now)).toEqual([]);
  });
});
