/** budgetMonthFigures: a budget against the periods overlapping a month — daily, weekly, monthly, quarterly, custom, per subject, rollover, creation and now. */
import { describe, expect, it } from "vitest";
import type { StatusBudget, StatusLedger } from "@/lib/core/budgets/status.ts";
import { budgetMonthFigures } from "@/lib/core/reports/budget-month.ts";
import { monthBounds } from "@/lib/core/reports/report-month.ts";

const at = (iso: string) => Date.parse(iso);
const LA = "America/Los_Angeles";
const budget = (extra: Partial<StatusBudget> = {}): StatusBudget => ({
  amount: "100",
  period: { kind: "monthly", startDay: 1 },
  timezone: LA,
  per: null,
  rollover: false,
  rollover_cap: null,
  warn_at_percent: "80",
  created_at: at("2026-01-10T00:00:00Z"),
  ...extra,
});
const ledger = (start: string, spent: string, extra: Partial<StatusLedger> = {}): StatusLedger => ({
  period_start: at(start), subject: "", spent, event_count: 1, unpriced_count: 0, ...extra,
});
const MARCH = monthBounds("2026-03", LA);
const MAY = at("2026-05-20T12:00:00Z");

describe("budgetMonthFigures", () => {
  it("compares a monthly budget with its month", () => {
    const figures = budgetMonthFigures({
      budget: budget(),
      ledgers: [ledger("2026-03-01T08:00:00Z", "85.5", { unpriced_count: 2 }), ledger("2026-02-01T08:00:00Z", "40")],
      month: MARCH,
      now: MAY,
    });
    expect(figures).toEqual({
      start: "2026-03-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 1, ongoing: false,
      spent: "85.5", amount: "100", percent: 85.5, status: "warning", exceeded: 0, unpriced_events: 2,
    });
  });

  it("adds up every day of a daily budget's month, more than the status's history keeps, the short DST day included", () => {
    // Two months later: the status lists only the latest 24 days, the report all 31 of March; the 8th (23 hours) went over.
    const days = Array.from({ length: 31 }, (_, index) => new Date(Date.UTC(2026, 2, index + 1, index + 1 <= 8 ? 8 : 7)).toISOString());
    const ledgers = days.map((start, index) => ledger(start, index === 7 ? "12" : "3"));
    const figures = budgetMonthFigures({ budget: budget({ amount: "10", period: { kind: "daily" } }), ledgers, month: MARCH, now: MAY });
    expect(figures).toMatchObject({ start: "2026-03-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 31, spent: "102", amount: "310", percent: 32.9, status: "exceeded", exceeded: 1 });
  });

  it("counts the weeks that overlap the month whole, one reaching into February and one into April", () => {
    const figures = budgetMonthFigures({
      budget: budget({ period: { kind: "weekly", weekStart: 1 } }),
      ledgers: [ledger("2026-02-23T08:00:00Z", "30"), ledger("2026-03-30T07:00:00Z", "20"), ledger("2026-02-16T08:00:00Z", "999")],
      month: MARCH,
      now: MAY,
    });
    expect(figures).toMatchObject({ start: "2026-02-23T08:00:00.000Z", end: "2026-04-06T07:00:00.000Z", periods: 6, spent: "50", amount: "600" });
  });

  it("carries rollover into the month's amount, as the status does", () => {
    const figures = budgetMonthFigures({
      budget: budget({ rollover: true, rollover_cap: "25", created_at: at("2026-01-05T00:00:00Z") }),
      // January left 90 unused (capped at 25), February 50 (cap 25 again): March allows 125.
      ledgers: [ledger("2026-01-01T08:00:00Z", "10"), ledger("2026-02-01T08:00:00Z", "75"), ledger("2026-03-01T08:00:00Z", "120")],
      month: MARCH,
      now: MAY,
    });
    expect(figures).toMatchObject({ spent: "120", amount: "125", percent: 96, status: "critical" });
  });

  it("counts a quarter whole, and so far while it runs", () => {
    const quarterly = budget({ amount: "300", period: { kind: "quarterly", startMonth: 1 } });
    const ledgers = [ledger("2026-01-01T08:00:00Z", "150")];
    expect(budgetMonthFigures({ budget: quarterly, ledgers, month: MARCH, now: MAY })).toMatchObject({
      start: "2026-01-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 1, ongoing: false, spent: "150", amount: "300", percent: 50,
    });
    expect(budgetMonthFigures({ budget: quarterly, ledgers, month: MARCH, now: at("2026-03-10T00:00:00Z") })).toMatchObject({ ongoing: true, periods: 1 });
  });

  it("stops at now in the month under way, and at the period the budget was created in", () => {
    const daily = budget({ amount: "10", period: { kind: "daily" }, created_at: at("2026-03-05T20:00:00Z") });
    // Created on 5 March (local), now is 10 March 12:00 local: the 5th to the 10th.
    const figures = budgetMonthFigures({ budget: daily, ledgers: [ledger("2026-03-05T08:00:00Z", "4")], month: MARCH, now: at("2026-03-10T19:00:00Z") });
    expect(figures).toMatchObject({ start: "2026-03-05T08:00:00.000Z", end: "2026-03-11T07:00:00.000Z", periods: 6, ongoing: true, spent: "4", amount: "60" });
  });

  it("has nothing for a month before the budget's first period, or a custom range elsewhere", () => {
    expect(budgetMonthFigures({ budget: budget({ created_at: at("2026-04-02T12:00:00Z") }), ledgers: [], month: MARCH, now: MAY })).toBeNull();
    const april = budget({ period: { kind: "custom", startDate: "2026-04-01", endDate: "2026-04-30" } });
    expect(budgetMonthFigures({ budget: april, ledgers: [], month: MARCH, now: MAY })).toBeNull();
    const spring = budget({ period: { kind: "custom", startDate: "2026-02-15", endDate: "2026-03-15" } });
    expect(budgetMonthFigures({ budget: spring, ledgers: [ledger("2026-02-15T08:00:00Z", "20")], month: MARCH, now: MAY })).toMatchObject({
      start: "2026-02-15T08:00:00.000Z", end: "2026-03-16T07:00:00.000Z", periods: 1, spent: "20", amount: "100",
    });
  });

  it("adds up a per-subject budget's subjects, each with its own amount, and takes the worst", () => {
    const figures = budgetMonthFigures({
      budget: budget({ per: "end_user", amount: "5" }),
      ledgers: [ledger("2026-03-01T08:00:00Z", "6", { subject: "u1" }), ledger("2026-03-01T08:00:00Z", "1", { subject: "u2" })],
      month: MARCH,
      now: MAY,
    });
    expect(figures).toMatchObject({ spent: "7", amount: "10", percent: 70, status: "exceeded", exceeded: 1 });
    const nobody = budgetMonthFigures({ budget: budget({ per: "end_user", amount: "5" }), ledgers: [], month: MARCH, now: MAY });
    expect(nobody).toMatchObject({ spent: "0", amount: "5", status: "ok" });
  });
});
