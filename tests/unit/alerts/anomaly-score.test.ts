import { describe, expect, it } from "vitest";
import { anomalyObservation, anomalyScore, SPREAD_EPSILON } from "@/lib/core/alerts/anomaly-score.ts";

describe("anomalyScore", () => {
  it.each<[string, number, number[], { usual: number; spread: number; score: number }]>([
    // median 10, deviations 2,1,0,1,2 → MAD 1 → spread 1.4826 (above 10 % of 10 = 1).
    ["odd baseline", 17.4130, [8, 9, 10, 11, 12], { usual: 10, spread: 1.4826, score: 5 }],
    // median 10.5 of 9,10,11,12; deviations 1.5,0.5,0.5,1.5 → MAD 1 → 1.4826.
    ["even baseline", 10.5, [12, 9, 11, 10], { usual: 10.5, spread: 1.4826, score: 0 }],
    // One wild week does not move the median or the MAD.
    ["an outlier in the baseline", 25, [10, 10, 11, 9, 500], { usual: 10, spread: 1.4826, score: 15 / 1.4826 }],
    // Flat history: MAD 0, the floor is 10 % of the usual level.
    ["flat history", 6, [4, 4, 4, 4], { usual: 4, spread: 0.4, score: 5 }],
    // All zeros: the absolute floor keeps the score finite.
    ["a window that never saw spend", 1, [0, 0, 0], { usual: 0, spread: SPREAD_EPSILON, score: 100 }],
    ["below usual scores negative", 5, [8, 9, 10, 11, 12], { usual: 10, spread: 1.4826, score: -5 / 1.4826 }],
    ["no baseline at all", 50, [], { usual: 0, spread: SPREAD_EPSILON, score: 0 }],
  ])("%s", (_name, observed, baseline, expected) => {
    const result = anomalyScore(observed, baseline);
    expect(result.usual).toBeCloseTo(expected.usual, 10);
    expect(result.spread).toBeCloseTo(expected.spread, 10);
    expect(result.score).toBeCloseTo(expected.score, 3);
  });

  it("does not reorder the caller's baseline", () => {
    const baseline = [3, 1, 2];
    anomalyScore(5, baseline);
    expect(baseline).toEqual([3, 1, 2]);
  });
});

describe("anomalyObservation", () => {
  const rule = { threshold: 4, minAmount: "5" };

  it.each<[string, { threshold: number; minAmount: string }, string, string[], { breached: boolean; usual: string; observed: string }]>([
    ["far above, by more than the minimum", rule, "120.50", ["10", "11", "9.5", "10.25"], { breached: true, usual: "10.125", observed: "120.5" }],
    ["high score but under the minimum amount", rule, "14.99", ["10", "10", "10"], { breached: false, usual: "10", observed: "14.99" }],
    ["excess exactly the minimum amount", { threshold: 4, minAmount: "5" }, "15", ["10", "10", "10"], { breached: true, usual: "10", observed: "15" }],
    ["excess a hair under the minimum", { threshold: 4, minAmount: "5" }, "14.999999999", ["10", "10", "10"], { breached: false, usual: "10", observed: "14.999999999" }],
    ["over the minimum but an ordinary week", rule, "30", ["10", "40", "25", "35", "20"], { breached: false, usual: "25", observed: "30" }],
    ["only two earlier weeks", rule, "1000", ["1", "1"], { breached: false, usual: "1", observed: "1000" }],
    ["exactly three earlier weeks", rule, "1000", ["1", "1", "1"], { breached: true, usual: "1", observed: "1000" }],
    ["no earlier weeks", rule, "1000", [], { breached: false, usual: "0", observed: "1000" }],
    ["below usual", rule, "0", ["100", "100", "100"], { breached: false, usual: "100", observed: "0" }],
    ["zero minimum still needs the score", { threshold: 4, minAmount: "0" }, "10.1", ["10", "10", "10"], { breached: false, usual: "10", observed: "10.1" }],
  ])("%s", (_name, anomalyRule, observed, baseline, expected) => {
    expect(anomalyObservation(anomalyRule, observed, baseline)).toMatchObject(expected);
  });

  it("takes the exact median of decimal strings, however many digits", () => {
    const result = anomalyObservation(rule, "0.300000001", ["0.1", "0.2", "0.100000001", "0.2000000002"]);
    expect(result.usual).toBe("0.1500000005");
  });

  it("reports the score at the threshold as breached (reaching counts)", () => {
    // usual 10, spread max(1.4826 × 0, 1, 0.01) = 1 → observed 14 scores exactly 4.
    const result = anomalyObservation({ threshold: 4, minAmount: "1" }, "14", ["10", "10", "10"]);
    expect(result.score).toBe(4);
    expect(result.breached).toBe(true);
  });
});
