import { describe, expect, it } from "vitest";
import { ledgerEntries } from "@/lib/core/budgets/ledger-entries.ts";
import { ledgerKeyFinder, type LedgerBudget } from "@/lib/core/budgets/ledger-keys.ts";
import { periodBounds } from "@/lib/core/budgets/periods.ts";
import { matchesScope, subjectOf } from "@/lib/core/budgets/scope.ts";

const budget = (id: string, extra: Partial<LedgerBudget> = {}): LedgerBudget => ({
  id, scope: {}, per: null, period: { kind: "monthly", startDay: 1 }, timeZone: "Europe/Berlin", ...extra,
});

describe("scopes", () => {
  it("need every given dimension and tag to match exactly; an empty scope takes everything", () => {
    const event = { service: "openai", model: "gpt-4o", team: "search", end_user: null, tags: { tier: "free", region: "eu" } };
    expect(matchesScope({}, event)).toBe(true);
    expect(matchesScope({ service: "openai", tags: { tier: "free" } }, event)).toBe(true);
    expect(matchesScope({ service: "openai", team: "support" }, event)).toBe(false);
    expect(matchesScope({ tags: { tier: "paid" } }, event)).toBe(false);
    expect(matchesScope({ end_user: "c1" }, event)).toBe(false);
  });

  it("give per-subject budgets the subject, and leave events without one out", () => {
    expect(subjectOf(null, { end_user: "c1" })).toBe("");
    expect(subjectOf("end_user", { end_user: "c1" })).toBe("c1");
    expect(subjectOf("end_user", { end_user: null })).toBeNull();
    expect(subjectOf("team", {})).toBeNull();
  });
});

describe("ledger keys", () => {
  it("name each matching budget's period in its zone, late events in their own period", () => {
    const keysOf = ledgerKeyFinder([
      budget("monthly"),
      budget("openai-daily", { scope: { service: "openai" }, period: { kind: "daily" }, timeZone: "UTC" }),
      budget("per-user", { per: "end_user" }),
      budget("lifetime", { period: { kind: "lifetime" } }),
    ]);
    expect(keysOf({ service: "openai", end_user: "c1", occurredAt: Date.parse("2026-10-31T23:30:00Z") })).toEqual([
      { budget_id: "monthly", period_start: "2026-10-31T23:00:00.000Z", subject: "" },
      { budget_id: "openai-daily", period_start: "2026-10-31T00:00:00.000Z", subject: "" },
      { budget_id: "per-user", period_start: "2026-10-31T23:00:00.000Z", subject: "c1" },
      { budget_id: "lifetime", period_start: "-infinity", subject: "" },
    ]);
    expect(keysOf({ service: "twilio", occurredAt: Date.parse("2026-03-15T00:00:00Z") })).toEqual([
      { budget_id: "monthly", period_start: "2026-02-28T23:00:00.000Z", subject: "" },
      { budget_id: "lifetime", period_start: "-infinity", subject: "" },
    ]);
  });

  it("skip custom budgets outside their range", () => {
    const keysOf = ledgerKeyFinder([budget("launch", { period: { kind: "custom", startDate: "2026-11-01", endDate: "2026-11-30" } })]);
    expect(keysOf({ occurredAt: Date.parse("2026-12-01T00:00:00Z") })).toEqual([]);
    expect(keysOf({ occurredAt: Date.parse("2026-11-30T12:00:00Z") })).toHaveLength(1);
  });
});

describe("ledger entries", () => {
  it("sum costs exactly per key, differences included, and drop what adds nothing", () => {
    const key = { budget_id: "b", period_start: "2026-11-01T00:00:00.000Z", subject: "" };
    const other = { ...key, subject: "c1" };
    expect(ledgerEntries([
      { keys: [key, other], spent: "0.1", events: 1, unpriced: 0 },
      { keys: [key], spent: "0.2", events: 1, unpriced: 0 },
      { keys: [key], spent: null, events: 1, unpriced: 1 },
      { keys: [other], spent: "-0.1", events: 0, unpriced: 0 },
    ])).toEqual([{ ...key, spent: "0.3", events: 3, unpriced: 1 }, { ...other, spent: "0", events: 1, unpriced: 0 }]);
    // A repricing that changes nothing in sum adds nothing.
    expect(ledgerEntries([{ keys: [key], spent: "0.5", events: 0, unpriced: 0 }, { keys: [key], spent: "-0.5", events: 0, unpriced: 0 }])).toEqual([]);
  });
});

describe("period bounds", () => {
  it("tile recurring periods from the first to the one holding `to`, and give one-off windows whole", () => {
    const bounds = periodBounds({ kind: "monthly", startDay: 1 }, "UTC", Date.parse("2026-09-15T00:00:00Z"), Date.parse("2026-11-22T00:00:00Z"));
    expect(bounds.map((b) => new Date(b!).toISOString().slice(0, 10))).toEqual(["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"]);
    expect(periodBounds({ kind: "lifetime" }, "UTC", 0, 1)).toEqual([null, null]);
    expect(periodBounds({ kind: "custom", startDate: "2026-11-01", endDate: "2026-11-01" }, "Pacific/Kiritimati", 0, 1))
      .toEqual([Date.parse("2026-10-31T10:00:00Z"), Date.parse("2026-11-01T10:00:00Z")]);
  });
});
