import { describe, expect, it } from "vitest";
import { isValidTimeZone, localParts, offsetAt, zonedToUtc } from "@/lib/core/time/zoned.ts";

const iso = (ms: number) => new Date(ms).toISOString();

describe("zonedToUtc", () => {
  it("names ordinary local times, whole, half and three-quarter hour offsets included", () => {
    expect(iso(zonedToUtc({ year: 2026, month: 11, day: 22 }, "Europe/Berlin"))).toBe("2026-11-21T23:00:00.000Z");
    expect(iso(zonedToUtc({ year: 2026, month: 7, day: 1 }, "Europe/Berlin"))).toBe("2026-06-30T22:00:00.000Z");
    expect(iso(zonedToUtc({ year: 2026, month: 11, day: 22 }, "Asia/Kolkata"))).toBe("2026-11-21T18:30:00.000Z");
    expect(iso(zonedToUtc({ year: 2026, month: 11, day: 22 }, "Pacific/Chatham"))).toBe("2026-11-21T10:15:00.000Z");
    expect(iso(zonedToUtc({ year: 2026, month: 1, day: 1, hour: 9, minute: 30 }, "America/New_York"))).toBe("2026-01-01T14:30:00.000Z");
  });

  it("moves a skipped local time forward by the gap (spring forward)", () => {
    // Berlin, 2026-03-29: 02:00 → 03:00. 02:30 does not exist; it becomes 03:30 CEST.
    expect(iso(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin"))).toBe("2026-03-29T01:30:00.000Z");
    // São Paulo, 2018-11-04: midnight itself was skipped; the day began at 01:00 (-02).
    expect(iso(zonedToUtc({ year: 2018, month: 11, day: 4 }, "America/Sao_Paulo"))).toBe("2018-11-04T03:00:00.000Z");
  });

  it("takes the first of a repeated local time (fall back)", () => {
    // Berlin, 2026-10-25: 03:00 → 02:00; 02:30 happens twice, first at 00:30 UTC.
    expect(iso(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("localParts and offsetAt", () => {
  it("read the wall clock and the offset at an instant", () => {
    expect(localParts(Date.parse("2026-03-29T01:00:00Z"), "Europe/Berlin")).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 });
    expect(offsetAt(Date.parse("2026-03-29T00:59:59Z"), "Europe/Berlin")).toBe(3_600_000);
    expect(offsetAt(Date.parse("2026-03-29T01:00:00Z"), "Europe/Berlin")).toBe(7_200_000);
    expect(offsetAt(Date.parse("2026-11-22T12:00:00.250Z"), "Australia/Lord_Howe")).toBe(11 * 3_600_000);
  });

  it("knows real zone names only", () => {
    expect(isValidTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
