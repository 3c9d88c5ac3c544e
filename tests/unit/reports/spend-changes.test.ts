/** rankChanges: exact differences of exact totals, largest first each way, new and vanished groups, ties, limits. */
import { describe, expect, it } from "vitest";
import { rankChanges, type GroupSpend } from "@/lib/core/reports/spend-changes.ts";

const spend = (key: string, cost: string): GroupSpend<{ team: string }> => ({ key, group: { team: key }, cost });

describe("rankChanges", () => {
  it("ranks rises and falls by the exact change, with the percent of the month before", () => {
    const ranked = rankChanges(
      [spend("search", "0.3"), spend("ads", "150"), spend("docs", "40"), spend("ml", "1000.000000001")],
      [spend("search", "0.1"), spend("ads", "100"), spend("docs", "80"), spend("ml", "1000")],
      5,
    );
    expect(ranked.rose).toEqual([
      { key: "ads", group: { team: "ads" }, current: "150", previous: "100", change: "50", percent: 50 },
      { key: "search", group: { team: "search" }, current: "0.3", previous: "0.1", change: "0.2", percent: 200 },
      { key: "ml", group: { team: "ml" }, current: "1000.000000001", previous: "1000", change: "0.000000001", percent: 0 },
    ]);
    expect(ranked.fell).toEqual([{ key: "docs", group: { team: "docs" }, current: "40", previous: "80", change: "-40", percent: -50 }]);
  });

  it("counts a new group from zero (no percent) and a vanished one down to zero", () => {
    const ranked = rankChanges([spend("new", "12.5")], [spend("gone", "7.25")], 5);
    expect(ranked.rose).toEqual([{ key: "new", group: { team: "new" }, current: "12.5", previous: "0", change: "12.5", percent: null }]);
    expect(ranked.fell).toEqual([{ key: "gone", group: { team: "gone" }, current: "0", previous: "7.25", change: "-7.25", percent: -100 }]);
  });

  it("leaves out groups that did not move, breaks ties by key and keeps `limit` each way", () => {
    const ranked = rankChanges(
      [spend("a", "10"), spend("c", "5"), spend("b", "5"), spend("d", "1"), spend("flat", "3.10")],
      [spend("flat", "3.1")],
      2,
    );
    expect(ranked.rose.map((row) => row.key)).toEqual(["a", "b"]);
    expect(ranked.fell).toEqual([]);
    expect(rankChanges([], [], 3)).toEqual({ rose: [], fell: [] });
  });

  it("rounds the percent to one decimal", () => {
    const [row] = rankChanges([spend("x", "4")], [spend("x", "3")], 1).rose;
    expect(row.percent).toBe(33.3);
  });
});
