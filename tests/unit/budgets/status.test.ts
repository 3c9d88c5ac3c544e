/** budgetStatus at fixed instants: thresholds, rollover, history, DST-long days, per-subject, forecasts. */
import { describe, expect, it } from "vitest";
import { budgetStatus, statusWord, type StatusBudget, type StatusLedger } from "@/lib/core/budgets/status.ts";
import { parseDecimal } from "@/lib/core/money.ts";

const at = (iso: string) => Date.parse(iso);
const budget = (extra: Partial<StatusBudget> = {}): StatusBudget => ({
  amount: "100",
  period: { kind: "monthly", startDay: 1 },
  timezone: "Europe/Berlin",
  per: null,
  rollover: false,
  rollover_cap: null,
  warn_at_percent: "80",
  created_at: at("2026-10-01T00:00:00Z"),
  ...extra,
});
const ledger = (start: string, spent: string, extra: Partial<StatusLedger> = {}): StatusLedger => ({
  period_start: at(start), subject: "", spent, event_count: 1, unpriced_count: 0, ...extra,
});

describe("statusWord thresholds", () => {
  const word = (spent: string, forecast: number | null = null, warn = "80") => statusWord(parseDecimal(spent), parseDecimal("100"), parseDecimal(warn), forecast);

  it("is ok under the warning line, warning from it, critical from 90%, exceeded only above the amount", () => {
    expect(word("79.99")).toBe("ok");
    expect(word("80")).toBe("warning");
    expect(word("89.999")).toBe("warning");
    expect(word("90")).toBe("critical");
    expect(word("100")).toBe("critical");
    expect(word("100.0000001")).toBe("exceeded");
  });

  it("raises the critical line to a warning line above 90%, and forecasts to exceed below it", () => {
    expect(word("92", null, "95")).toBe("ok");
    expect(word("95", null, "95")).toBe("critical");
    expect(word("10", 100.5)).toBe("forecast_to_exceed");
    expect(word("85", 150)).toBe("forecast_to_exceed");
    expect(word("10", 100)).toBe("ok");
  });
});

describe("budgetStatus", () => {
  it("reports spent, remaining, percent and the burn rate over the elapsed part of the period in its zone", () => {
    // October in Berlin starts at 2026-09-30T22:00Z; 14 days and 14 hours have passed.
    const status = budgetStatus({ budget: budget(), now: at("2026-10-15T12:00:00Z"), ledgers: [ledger("2026-09-30T22:00:00Z", "35", { event_count: 7, unpriced_count: 2 })], dailySeries: [] });
    expect(status).toMatchObject({
      spent: "35", effective_amount: "100", remaining: "65", percent: 35, status: "ok", event_count: 7, unpriced_events: 2,
      period: { start: "2026-09-30T22:00:00.000Z", end: "2026-10-31T23:00:00.000Z", state: "current" },
    });
    expect(status.burn_rate_per_day).toBeCloseTo(35 / (14 + 14 / 24), 4);
  });

  it("carries unused amounts with rollover up to the cap, and lists history newest first", () => {
    const status = budgetStatus({
      budget: budget({ rollover: true, rollover_cap: "50", created_at: at("2026-08-05T10:00:00Z") }),
      now: at("2026-10-10T12:00:00Z"),
      // August spent 60 (40 unused → September has 140); September spent nothing (140 unused, capped at 50).
      ledgers: [ledger("2026-07-31T22:00:00Z", "60"), ledger("2026-09-30T22:00:00Z", "120"), ledger("2026-06-30T22:00:00Z", "999")],
      dailySeries: [],
    });
    expect(status).toMatchObject({ spent: "120", effective_amount: "150", remaining: "30", status: "warning" });
    expect(status.history).toEqual([
      { start: "2026-08-31T22:00:00.000Z", end: "2026-09-30T22:00:00.000Z", spent: "0", effective_amount: "140", status: "ok" },
      { start: "2026-07-31T22:00:00.000Z", end: "2026-08-31T22:00:00.000Z", spent: "60", effective_amount: "100", status: "ok" },
    ]);
  });

  it("keeps reservations out of remaining but not in spent or the status", () => {
    const status = budgetStatus({ budget: budget(), now: at("2026-10-15T12:00:00Z"), ledgers: [ledger("2026-09-30T22:00:00Z", "70", { reserved: "25" })], dailySeries: [] });
    expect(status).toMatchObject({ spent: "70", reserved: "25", remaining: "5", percent: 70, status: "ok" });
  });

  it("cuts a daily period on local midnights across the end of daylight saving (a 25-hour day)", () => {
    const status = budgetStatus({
      budget: budget({ period: { kind: "daily" }, timezone: "America/New_York", created_at: at("2026-10-30T00:00:00Z") }),
      now: at("2026-11-01T12:00:00Z"),
      ledgers: [ledger("2026-11-01T04:00:00Z", "101"), ledger("2026-10-31T04:00:00Z", "5")],
      dailySeries: [1, 5],
    });
    expect(status.period).toEqual({ start: "2026-11-01T04:00:00.000Z", end: "2026-11-02T05:00:00.000Z", state: "current" });
    expect(status).toMatchObject({ spent: "101", status: "exceeded", remaining: "0" });
    expect(status.history[0]).toMatchObject({ start: "2026-10-31T04:00:00.000Z", end: "2026-11-01T04:00:00.000Z", spent: "5" });
    expect(status.burn_rate_per_day).toBeCloseTo(101 / (8 / 24), 3);
  });

  it("forecasts to exceed when steady spend runs past the amount, with ordered 80% and 95% bands and an exhaustion date", () => {
    const status = budgetStatus({
      budget: budget({ created_at: at("2026-09-01T00:00:00Z") }),
      now: at("2026-10-05T10:00:00Z"),
      ledgers: [ledger("2026-09-30T22:00:00Z", "40"), ledger("2026-08-31T22:00:00Z", "300")],
      dailySeries: Array.from({ length: 40 }, (_, day) => 10 + (day % 7 === 0 ? 2 : 0)),
    });
    expect(status.status).toBe("forecast_to_exceed");
    const forecast = status.forecast!;
    expect(forecast.approximate).toBe(true);
    const end = forecast.at_period_end;
    expect(end.p2_5).toBeLessThanOrEqual(end.p10);
    expect(end.p10).toBeLessThanOrEqual(end.p50);
    expect(end.p50).toBeLessThanOrEqual(end.p90);
    expect(end.p90).toBeLessThanOrEqual(end.p97_5);
    expect(end.p50).toBeGreaterThan(250);
    expect(end.p50).toBeLessThan(500);
    expect(forecast.cumulative.at(-1)!.date).toBe("2026-10-31");
    expect(forecast.cumulative[0].date).toBe("2026-10-05");
    // 40 + ~10 a day reaches 100 around Oct 10–11.
    expect(forecast.exhaustion_date! >= "2026-10-09" && forecast.exhaustion_date! <= "2026-10-12").toBe(true);
  });

  it("gives a lifetime budget no forecast but a note, and a period without an end", () => {
    const status = budgetStatus({ budget: budget({ period: { kind: "lifetime" } }), now: at("2026-10-05T10:00:00Z"), ledgers: [{ period_start: null, subject: "", spent: "3", event_count: 1, unpriced_count: 0 }], dailySeries: [1, 2] });
    expect(status).toMatchObject({ spent: "3", forecast: null, forecast_note: "A lifetime budget has no period end to forecast.", period: { start: null, end: null }, burn_rate_per_day: null });
  });

  it("keeps per-subject budgets per subject: largest first, the worst subject's status, totals summed", () => {
    const status = budgetStatus({
      budget: budget({ per: "end_user", amount: "5" }),
      now: at("2026-10-15T12:00:00Z"),
      ledgers: [
        ledger("2026-09-30T22:00:00Z", "1", { subject: "bob" }),
        ledger("2026-09-30T22:00:00Z", "5.5", { subject: "alice", unpriced_count: 1 }),
        ledger("2026-09-30T22:00:00Z", "4", { subject: "carol" }),
      ],
      dailySeries: [],
    });
    expect(status.subjects!.map((s) => [s.subject, s.status])).toEqual([["alice", "exceeded"], ["carol", "warning"], ["bob", "ok"]]);
    expect(status).toMatchObject({ status: "exceeded", spent: "10.5", effective_amount: "15", subject_count: 3, unpriced_events: 1, forecast: null });
  });

  it("reports a custom range that has not started and one that has ended", () => {
    const range = budget({ period: { kind: "custom", startDate: "2026-12-01", endDate: "2026-12-31" } });
    expect(budgetStatus({ budget: range, now: at("2026-11-15T00:00:00Z"), ledgers: [], dailySeries: [] })).toMatchObject({ period: { state: "not_started" }, spent: "0", forecast: null, forecast_note: "The period has not started." });
    expect(budgetStatus({ budget: range, now: at("2027-01-15T00:00:00Z"), ledgers: [], dailySeries: [] }).period.state).toBe("ended");
  });
});
