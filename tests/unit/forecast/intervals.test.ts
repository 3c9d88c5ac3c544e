import { describe, expect, it } from "vitest";
import { dailyBand, errorModel, MIN_ERRORS_FOR_SHAPE, scaleAtLead } from "@/lib/core/forecast/intervals.ts";
import { isotonicIncreasing, quantileOfSorted } from "@/lib/core/forecast/statistics.ts";

describe("statistics", () => {
  it("interpolates quantiles between neighbours", () => {
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileOfSorted([0, 10], 0.1)).toBeCloseTo(1, 12);
    expect(quantileOfSorted([7], 0.975)).toBe(7);
    expect(quantileOfSorted([], 0.5)).toBe(0);
  });

  it("pools adjacent violators into the closest non-decreasing sequence", () => {
    expect(isotonicIncreasing([1, 3, 2, 4], [1, 1, 1, 1])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonicIncreasing([5, 1, 1], [1, 1, 2])).toEqual([2, 2, 2]);
    expect(isotonicIncreasing([1, 2, 3], [1, 1, 1])).toEqual([1, 2, 3]);
  });
});

/** Residual paths whose spread grows with lead: ±lead, alternating sign by origin. */
const growing = (origins: number, leads: number) =>
  Array.from({ length: origins }, (_, origin) => Array.from({ length: leads }, (_, lead) => (origin % 2 === 0 ? 1 : -1) * (lead + 1)));

describe("errorModel", () => {
  it("scales errors by lead, non-decreasing, and extrapolates with the square root beyond", () => {
    const model = errorModel(growing(40, 4));
    expect(model.leadScales).toEqual([1, 2, 3, 4]);
    expect(model.symmetrized).toBe(false);
    expect(scaleAtLead(model, 2)).toBe(2);
    expect(scaleAtLead(model, 16)).toBeCloseTo(4 * Math.sqrt(16 / 4), 12);
    // Every standardized error is ±1, so the pooled shape is a coin flip.
    expect(model.shapeQuantiles.p2_5).toBe(-1);
    expect(model.shapeQuantiles.p97_5).toBe(1);
  });

  it("smooths a noisy lead instead of letting it widen every later one", () => {
    const paths = Array.from({ length: 40 }, (_, origin) => [origin % 2 ? 1 : -1, origin % 2 ? 5 : -5, origin % 2 ? 1 : -1, origin % 2 ? 3 : -3]);
    expect(errorModel(paths).leadScales).toEqual([1, 3, 3, 3]);
  });

  it("mirrors a handful of errors so one residual cannot make a one-sided interval", () => {
    const model = errorModel([[4], [2, 6]]);
    expect(model.errorCount).toBeLessThan(MIN_ERRORS_FOR_SHAPE);
    expect(model.symmetrized).toBe(true);
    expect(model.shapeQuantiles.p10).toBeCloseTo(-model.shapeQuantiles.p90, 12);
    const band = dailyBand(100, 1, model);
    expect(band.p10).toBeLessThan(100);
    expect(band.p90).toBeGreaterThan(100);
  });

  it("has no width without errors", () => {
    const model = errorModel([]);
    expect(dailyBand(12, 3, model)).toEqual({ p2_5: 12, p10: 12, p50: 12, p90: 12, p97_5: 12 });
  });
});

describe("dailyBand", () => {
  it("orders the quantiles, widens with lead, and never goes below zero", () => {
    const skewed = Array.from({ length: 60 }, (_, origin) => Array.from({ length: 7 }, (_, lead) => (origin % 5 === 0 ? 40 : -10) * Math.sqrt(lead + 1)));
    const model = errorModel(skewed);
    const near = dailyBand(20, 1, model);
    const far = dailyBand(20, 30, model);
    for (const band of [near, far]) {
      expect(band.p2_5).toBeGreaterThanOrEqual(0);
      expect([band.p2_5, band.p10, band.p50, band.p90, band.p97_5]).toEqual([band.p2_5, band.p10, band.p50, band.p90, band.p97_5].sort((a, b) => a - b));
    }
    expect(far.p97_5 - far.p2_5).toBeGreaterThan(near.p97_5 - near.p2_5);
    // Skewed errors give a skewed interval: the bursts are above, the quiet days just below.
    expect(near.p97_5 - 20).toBeGreaterThan(20 - near.p2_5);
    expect(far.p2_5).toBe(0);
  });
});
