/** Report months in an organization's time zone: parsing, bounds across daylight saving and odd offsets, the month an instant is in. */
import { describe, expect, it } from "vitest";
import {
  addMonths,
  formatReportMonth,
  lastCompleteMonth,
  monthBounds,
  monthOf,
  parseReportMonth,
  reportMonthState,
} from "@/lib/core/reports/report-month.ts";

const at = (iso: string) => Date.parse(iso);
const bounds = (month: string, zone: string) => {
  const { start, end } = monthBounds(month, zone);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), hours: (end - start) / 3_600_000 };
};

describe("parseReportMonth", () => {
  it.each(["2026-03", "2000-01", "2099-12"])("reads %s", (text) => {
    expect(parseReportMonth(text)).toEqual({ year: Number(text.slice(0, 4)), month: Number(text.slice(5)) });
  });

  it.each(["2026-3", "2026-13", "2026-00", "1999-12", " 2026-03", "2026-03-01", "march", "", "0026-03"])("refuses %j", (text) => {
    expect(parseReportMonth(text)).toBeNull();
  });
});

describe("monthBounds", () => {
  it("cuts a month at local midnight, an hour short in Los Angeles when clocks spring forward (8 March 2026)", () => {
    expect(bounds("2026-03", "America/Los_Angeles")).toEqual({ start: "2026-03-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", hours: 31 * 24 - 1 });
  });

  it("and an hour long when they fall back (1 November 2026, the month's first day)", () => {
    expect(bounds("2026-11", "America/Los_Angeles")).toEqual({ start: "2026-11-01T07:00:00.000Z", end: "2026-12-01T08:00:00.000Z", hours: 30 * 24 + 1 });
  });

  it("follows a half-hour offset without daylight saving (Asia/Kolkata)", () => {
    expect(bounds("2026-03", "Asia/Kolkata")).toEqual({ start: "2026-02-28T18:30:00.000Z", end: "2026-03-31T18:30:00.000Z", hours: 31 * 24 });
    expect(bounds("2024-02", "Asia/Kolkata")).toEqual({ start: "2024-01-31T18:30:00.000Z", end: "2024-02-29T18:30:00.000Z", hours: 29 * 24 });
  });

  it("crosses a year end, and Berlin's spring-forward month", () => {
    expect(bounds("2026-12", "UTC")).toEqual({ start: "2026-12-01T00:00:00.000Z", end: "2027-01-01T00:00:00.000Z", hours: 31 * 24 });
    expect(bounds("2026-03", "Europe/Berlin")).toEqual({ start: "2026-02-28T23:00:00.000Z", end: "2026-03-31T22:00:00.000Z", hours: 31 * 24 - 1 });
  });

  it("tiles the calendar: each month ends where the next begins", () => {
    for (const zone of ["America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham", "Europe/Berlin"]) {
      let month = "2025-10";
      for (let step = 0; step < 14; step += 1) {
        const next = addMonths(month, 1);
        expect(monthBounds(month, zone).end).toBe(monthBounds(next, zone).start);
        month = next;
      }
    }
  });
});

describe("monthOf and addMonths", () => {
  it("names the local month of an instant, either side of local midnight on the 1st", () => {
    expect(monthOf(at("2026-03-01T07:59:59Z"), "America/Los_Angeles")).toBe("2026-02");
    expect(monthOf(at("2026-03-01T08:00:00Z"), "America/Los_Angeles")).toBe("2026-03");
    expect(monthOf(at("2026-02-28T18:29:59Z"), "Asia/Kolkata")).toBe("2026-02");
    expect(monthOf(at("2026-02-28T18:30:00Z"), "Asia/Kolkata")).toBe("2026-03");
    expect(monthOf(at("2026-02-28T18:30:00Z"), "UTC")).toBe("2026-02");
  });

  it("moves across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-03", -14)).toBe("2025-01");
    expect(() => addMonths("2026-13", 1)).toThrow(RangeError);
  });
});

describe("lastCompleteMonth and reportMonthState", () => {
  it("takes the month before the local one: a Sunday evening in Los Angeles is still February there", () => {
    const instant = at("2026-03-01T05:00:00Z");
    expect(lastCompleteMonth(instant, "America/Los_Angeles")).toBe("2026-01");
    expect(lastCompleteMonth(instant, "UTC")).toBe("2026-02");
    expect(lastCompleteMonth(at("2026-02-28T19:00:00Z"), "Asia/Kolkata")).toBe("2026-02");
    expect(lastCompleteMonth(at("2026-01-05T08:00:00Z"), "Europe/Berlin")).toBe("2025-12");
  });

  it("says whether a month has ended, is under way or has not begun, at the exact edges", () => {
    const zone = "America/Los_Angeles";
    const { start, end } = monthBounds("2026-03", zone);
    expect(reportMonthState("2026-03", zone, start - 1)).toBe("future");
    expect(reportMonthState("2026-03", zone, start)).toBe("in_progress");
    expect(reportMonthState("2026-03", zone, end - 1)).toBe("in_progress");
    expect(reportMonthState("2026-03", zone, end)).toBe("complete");
    expect(reportMonthState("2026-02", zone, start)).toBe("complete");
  });
});

describe("formatReportMonth", () => {
  it("writes the month for people", () => {
    expect(formatReportMonth("2026-03")).toBe("March 2026");
    expect(formatReportMonth("2025-12")).toBe("December 2025");
  });
});
