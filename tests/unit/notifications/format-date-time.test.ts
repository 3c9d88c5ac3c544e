import { describe, expect, it } from "vitest";
import { formatDateTime } from "@/lib/core/notifications/format-date-time.ts";

describe("formatDateTime", () => {
  it.each([
    ["2026-03-10T14:05:00Z", undefined, "Tuesday 10 March 2026 at 14:05 UTC"],
    ["2026-03-10T14:05:00Z", "UTC", "Tuesday 10 March 2026 at 14:05 UTC"],
    ["2026-03-10T00:30:00Z", "UTC", "Tuesday 10 March 2026 at 00:30 UTC"],
    ["2026-03-10T14:05:00Z", "Europe/Berlin", "Tuesday 10 March 2026 at 15:05 CET"],
    ["2026-07-01T14:05:00Z", "Europe/Berlin", "Wednesday 1 July 2026 at 16:05 CEST"],
    ["2026-07-01T14:05:00Z", "Europe/London", "Wednesday 1 July 2026 at 15:05 BST"],
    // Across midnight the date changes with the zone, not only the time.
    ["2026-03-10T14:05:00Z", "Australia/Sydney", "Wednesday 11 March 2026 at 01:05 GMT+11"],
    ["2026-03-10T02:05:00Z", "America/Los_Angeles", "Monday 9 March 2026 at 19:05 GMT-7"],
    ["2026-03-10T14:05:00Z", "Asia/Kolkata", "Tuesday 10 March 2026 at 19:35 GMT+5:30"],
  ])("%s in %s → %s", (iso, timeZone, expected) => {
    expect(formatDateTime(new Date(iso), timeZone)).toBe(expected);
  });

  it("refuses a time zone that does not exist rather than guessing", () => {
    expect(() => formatDateTime(new Date("2026-03-10T14:05:00Z"), "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
