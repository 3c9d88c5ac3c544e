import { describe, expect, it } from "vitest";
import { budgetPeriodSchema, nextPeriod, periodAt, previousPeriod, type BudgetPeriod } from "@/lib/core/budgets/periods.ts";

const at = (text: string) => Date.parse(text);
const window = (period: BudgetPeriod, zone: string, instant: string) => {
  const found = periodAt(period, zone, at(instant));
  return found && { start: found.start === null ? null : new Date(found.start).toISOString(), end: found.end === null ? null : new Date(found.end).toISOString() };
};
const parse = (input: unknown) => budgetPeriodSchema.parse(input);
const hours = (w: { start: string | null; end: string | null } | null) => (Date.parse(w!.end!) - Date.parse(w!.start!)) / 3_600_000;

describe("periodAt", () => {
  it("cuts days at local midnight; DST days are 23 and 25 hours and the seams meet", () => {
    const daily = parse({ kind: "daily" });
    const spring = window(daily, "Europe/Berlin", "2026-03-29T12:00:00Z");
    expect(spring).toEqual({ start: "2026-03-28T23:00:00.000Z", end: "2026-03-29T22:00:00.000Z" });
    expect(hours(spring)).toBe(23);
    expect(hours(window(daily, "Europe/Berlin", "2026-10-25T12:00:00Z"))).toBe(25);
    // The last instant before local midnight and midnight itself fall in different days.
    expect(window(daily, "Europe/Berlin", "2026-11-21T22:59:59.999Z")?.end).toBe("2026-11-21T23:00:00.000Z");
    expect(window(daily, "Europe/Berlin", "2026-11-21T23:00:00.000Z")?.start).toBe("2026-11-21T23:00:00.000Z");
    // A day whose midnight was skipped starts at its first instant.
    expect(window(daily, "America/Sao_Paulo", "2018-11-04T12:00:00Z")).toEqual({ start: "2018-11-04T03:00:00.000Z", end: "2018-11-05T02:00:00.000Z" });
    expect(window(daily, "Asia/Kolkata", "2026-11-22T18:29:59Z")?.start).toBe("2026-11-21T18:30:00.000Z");
  });

  it("starts weeks on the chosen weekday", () => {
    // 2026-11-22 is a Sunday.
    expect(window(parse({ kind: "weekly" }), "UTC", "2026-11-22T10:00:00Z")).toEqual({ start: "2026-11-16T00:00:00.000Z", end: "2026-11-23T00:00:00.000Z" });
    expect(window(parse({ kind: "weekly", weekStart: 7 }), "UTC", "2026-11-22T10:00:00Z")).toEqual({ start: "2026-11-22T00:00:00.000Z", end: "2026-11-29T00:00:00.000Z" });
    expect(window(parse({ kind: "weekly", weekStart: 1 }), "America/Los_Angeles", "2026-11-03T05:00:00Z")?.start).toBe("2026-11-02T08:00:00.000Z");
    expect(window(parse({ kind: "weekly", weekStart: 1 }), "America/Los_Angeles", "2026-11-02T07:59:59Z")).toEqual({ start: "2026-10-26T07:00:00.000Z", end: "2026-11-02T08:00:00.000Z" });
  });

  it("cuts months on local day one, or on a billing day, across year ends", () => {
    expect(window(parse({ kind: "monthly" }), "Europe/Berlin", "2026-03-15T00:00:00Z")).toEqual({ start: "2026-02-28T23:00:00.000Z", end: "2026-03-31T22:00:00.000Z" });
    expect(window(parse({ kind: "monthly", startDay: 15 }), "UTC", "2026-01-10T00:00:00Z")).toEqual({ start: "2025-12-15T00:00:00.000Z", end: "2026-01-15T00:00:00.000Z" });
    expect(window(parse({ kind: "monthly", startDay: 15 }), "UTC", "2026-01-15T00:00:00Z")?.start).toBe("2026-01-15T00:00:00.000Z");
    // New Year's Eve in Tokyo is already January.
    expect(window(parse({ kind: "monthly" }), "Asia/Tokyo", "2026-12-31T15:00:00Z")?.start).toBe("2026-12-31T15:00:00.000Z");
  });

  it("cuts calendar and fiscal quarters and years", () => {
    expect(window(parse({ kind: "quarterly" }), "UTC", "2026-11-22T00:00:00Z")).toEqual({ start: "2026-10-01T00:00:00.000Z", end: "2027-01-01T00:00:00.000Z" });
    expect(window(parse({ kind: "quarterly", startMonth: 4 }), "UTC", "2027-02-10T00:00:00Z")).toEqual({ start: "2027-01-01T00:00:00.000Z", end: "2027-04-01T00:00:00.000Z" });
    expect(window(parse({ kind: "quarterly", startMonth: 2 }), "UTC", "2026-01-10T00:00:00Z")).toEqual({ start: "2025-11-01T00:00:00.000Z", end: "2026-02-01T00:00:00.000Z" });
    expect(window(parse({ kind: "yearly", startMonth: 4 }), "Europe/London", "2027-03-31T22:59:59Z")).toEqual({ start: "2026-03-31T23:00:00.000Z", end: "2027-03-31T23:00:00.000Z" });
  });

  it("holds custom ranges with both dates inclusive, and nothing outside them", () => {
    const custom = parse({ kind: "custom", startDate: "2026-11-01", endDate: "2026-11-30" });
    expect(window(custom, "Europe/Berlin", "2026-11-30T22:59:59Z")).toEqual({ start: "2026-10-31T23:00:00.000Z", end: "2026-11-30T23:00:00.000Z" });
    expect(window(custom, "Europe/Berlin", "2026-11-30T23:00:00Z")).toBeNull();
    expect(window(custom, "Europe/Berlin", "2026-10-31T22:59:59Z")).toBeNull();
  });

  it("holds lifetime periods from their start date, or forever", () => {
    expect(window(parse({ kind: "lifetime" }), "UTC", "1999-01-01T00:00:00Z")).toEqual({ start: null, end: null });
    expect(window(parse({ kind: "lifetime", startDate: "2026-06-01" }), "UTC", "2026-05-31T23:59:59Z")).toBeNull();
    expect(window(parse({ kind: "lifetime", startDate: "2026-06-01" }), "UTC", "2030-01-01T00:00:00Z")).toEqual({ start: "2026-06-01T00:00:00.000Z", end: null });
  });
});

describe("previous and next periods", () => {
  it("tile time without gaps or overlaps, through DST changes and short months", () => {
    for (const period of [parse({ kind: "daily" }), parse({ kind: "weekly", weekStart: 3 }), parse({ kind: "monthly", startDay: 28 }), parse({ kind: "quarterly", startMonth: 11 })]) {
      let current = periodAt(period, "America/New_York", at("2026-01-01T00:00:00Z"))!;
      for (let i = 0; i < 60; i++) {
        const next = nextPeriod(period, "America/New_York", current)!;
        expect(next.start).toBe(current.end);
        expect(previousPeriod(period, "America/New_York", next)).toEqual(current);
        current = next;
      }
    }
  });

  it("do not exist for one-off periods", () => {
    const custom = parse({ kind: "custom", startDate: "2026-11-01", endDate: "2026-11-30" });
    expect(nextPeriod(custom, "UTC", periodAt(custom, "UTC", at("2026-11-10T00:00:00Z"))!)).toBeNull();
  });
});

describe("budgetPeriodSchema", () => {
  it.each([
    [{ kind: "custom", startDate: "2026-11-30", endDate: "2026-11-01" }, "The end date must not be before the start date."],
    [{ kind: "monthly", startDay: 31 }, undefined],
    [{ kind: "weekly", weekStart: 0 }, undefined],
    [{ kind: "hourly" }, undefined],
    [{ kind: "daily", extra: 1 }, undefined],
  ])("refuses %j", (input, message) => {
    const result = budgetPeriodSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues[0].message).toBe(message);
  });
});
