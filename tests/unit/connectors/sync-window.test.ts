import { describe, expect, it } from "vitest";
import { syncWindow } from "../../../lib/core/connectors/sync-window.ts";

describe("syncWindow", () => {
  it.each([
    ["first connect: the last 30 days and today", null, "2026-11-23T05:00:00Z", { from: "2026-10-24", to: "2026-11-24", through: "2026-11-22" }],
    ["just after midnight UTC the new day counts", null, "2026-11-23T00:00:00Z", { from: "2026-10-24", to: "2026-11-24", through: "2026-11-22" }],
    ["later: two days before the last synced day", "2026-11-22", "2026-11-23T18:30:00Z", { from: "2026-11-20", to: "2026-11-24", through: "2026-11-22" }],
    ["across a month end", "2026-11-30", "2026-12-01T03:00:00Z", { from: "2026-11-28", to: "2026-12-02", through: "2026-11-30" }],
    ["across a leap day", "2028-02-29", "2028-03-01T12:00:00Z", { from: "2028-02-27", to: "2028-03-02", through: "2028-02-29" }],
    ["a long outage catches up 90 days at a time", "2026-01-01", "2026-11-23T05:00:00Z", { from: "2026-08-25", to: "2026-11-24", through: "2026-11-22" }],
    ["a synced day in the future (clock skew) still asks for today", "2026-12-31", "2026-11-23T05:00:00Z", { from: "2026-11-23", to: "2026-11-24", through: "2026-11-22" }],
  ])("%s", (_name, syncedThrough, now, expected) => {
    expect(syncWindow(syncedThrough, new Date(now))).toEqual(expected);
  });
});
