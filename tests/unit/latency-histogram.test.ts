import { describe, expect, it } from "vitest";
import {
  LATENCY_BOUNDS_MS,
  LATENCY_BUCKET_COUNT,
  latencyBucket,
  latencyPercentile,
  mergeHistograms,
} from "@/lib/core/usage/latency-histogram.ts";

/** A histogram of the given latencies, as the rollups would hold it. */
function histogramOf(latencies: number[]): number[] {
  const histogram = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const latency of latencies) histogram[latencyBucket(latency)] += 1;
  return histogram;
}

/** The bucket [lower, upper) a latency falls in (upper Infinity for the open last bucket). */
function bucketBounds(latency: number): [number, number] {
  const index = latencyBucket(latency);
  return [index === 0 ? 0 : LATENCY_BOUNDS_MS[index - 1], LATENCY_BOUNDS_MS[index] ?? Number.POSITIVE_INFINITY];
}

/** The exact nearest-rank percentile of a list. */
function exactPercentile(latencies: number[], p: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

describe("latencyBucket", () => {
  it("matches Postgres width_bucket: a bound belongs to the bucket above it", () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(9)).toBe(0);
    expect(latencyBucket(10)).toBe(1);
    expect(latencyBucket(24)).toBe(1);
    expect(latencyBucket(25)).toBe(2);
    expect(latencyBucket(119_999)).toBe(LATENCY_BOUNDS_MS.length - 1);
    expect(latencyBucket(120_000)).toBe(LATENCY_BOUNDS_MS.length);
    expect(latencyBucket(86_400_000)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it("has ascending bounds and one bucket more than bounds", () => {
    expect([...LATENCY_BOUNDS_MS].sort((a, b) => a - b)).toEqual([...LATENCY_BOUNDS_MS]);
    expect(new Set(LATENCY_BOUNDS_MS).size).toBe(LATENCY_BOUNDS_MS.length);
    expect(LATENCY_BUCKET_COUNT).toBe(LATENCY_BOUNDS_MS.length + 1);
  });
});

describe("latencyPercentile", () => {
  it("interpolates inside the bucket that holds the rank", () => {
    // 100 latencies in [10, 25): p50 is rank 50 of 100, halfway through the bucket.
    const histogram = histogramOf(new Array(100).fill(12));
    expect(latencyPercentile(histogram, 0.5)).toBe(18); // 10 + 0.5 × 15 = 17.5, rounded
    expect(latencyPercentile(histogram, 0.01)).toBe(10); // rank 1: 10 + 0.01 × 15
    expect(latencyPercentile(histogram, 1)).toBe(25);
  });

  it("finds p50 / p95 / p99 of a uniform 1…1000 ms distribution within the right buckets", () => {
    const latencies = Array.from({ length: 1000 }, (_, index) => index + 1);
    const histogram = histogramOf(latencies);
    // Ranks 500, 950 and 990 by hand: [500, 750) holds 500…749 (250 events, 499 below it) → 500 + 1/250 × 250;
    // [750, 1000) holds 750…999 (250, 749 below) → 750 + 201/250 × 250 and 750 + 241/250 × 250.
    expect(latencyPercentile(histogram, 0.5)).toBe(501);
    expect(latencyPercentile(histogram, 0.95)).toBe(951);
    expect(latencyPercentile(histogram, 0.99)).toBe(991);
    for (const p of [0.5, 0.95, 0.99]) {
      const [lower, upper] = bucketBounds(exactPercentile(latencies, p));
      const estimate = latencyPercentile(histogram, p) ?? Number.NaN;
      expect(estimate).toBeGreaterThanOrEqual(lower);
      expect(estimate).toBeLessThanOrEqual(upper);
    }
  });

  it("keeps a long tail apart from the body", () => {
    // 90 fast calls (40 ms), 9 slow (2.5 s), 1 very slow (45 s).
    const histogram = histogramOf([...new Array(90).fill(40), ...new Array(9).fill(2_500), 45_000]);
    expect(latencyPercentile(histogram, 0.5)).toBe(39); // [25, 50): 25 + 50/90 × 25 = 38.9
    expect(latencyPercentile(histogram, 0.95)).toBe(2_556); // [2000, 3000): 2000 + 5/9 × 1000
    expect(latencyPercentile(histogram, 0.99)).toBe(3_000); // rank 99 is the last of the slow ones
    expect(latencyPercentile(histogram, 1)).toBe(60_000); // [30 s, 60 s) holds the 45 s call
  });

  it("reports the open last bucket's lower bound: nothing above it is known", () => {
    const histogram = histogramOf([50, 200_000, 300_000, 400_000]);
    expect(latencyPercentile(histogram, 0.99)).toBe(120_000);
    expect(latencyPercentile(histogram, 0.25)).toBe(75);
  });

  it("is null without any latency, for an empty or an all-zero histogram", () => {
    expect(latencyPercentile([], 0.5)).toBeNull();
    expect(latencyPercentile(new Array(LATENCY_BUCKET_COUNT).fill(0), 0.99)).toBeNull();
  });

  it("reads a short histogram (trailing buckets left out) like the full one", () => {
    const full = histogramOf([5, 12, 30, 30, 60]);
    const short = full.slice(0, 4);
    for (const p of [0.5, 0.95, 0.99]) expect(latencyPercentile(short, p)).toBe(latencyPercentile(full, p));
  });
});

describe("mergeHistograms", () => {
  it("adds bucket by bucket, short and empty arrays counting as zeros, always full length", () => {
    const merged = mergeHistograms([[1, 2], [0, 0, 3], [], [4]]);
    expect(merged).toHaveLength(LATENCY_BUCKET_COUNT);
    expect(merged.slice(0, 4)).toEqual([5, 2, 3, 0]);
    expect(merged.slice(3).every((count) => count === 0)).toBe(true);
  });

  it("returns all zeros for no histograms", () => {
    expect(mergeHistograms([])).toEqual(new Array(LATENCY_BUCKET_COUNT).fill(0));
  });

  it("gives the percentiles of the union of the distributions", () => {
    const a = [5, 40, 40, 300];
    const b = [1_200, 1_200, 9_000];
    const merged = mergeHistograms([histogramOf(a), histogramOf(b).slice(0, latencyBucket(9_000) + 1)]);
    expect(merged).toEqual(histogramOf([...a, ...b]));
    expect(latencyPercentile(merged, 0.5)).toBe(latencyPercentile(histogramOf([...a, ...b]), 0.5));
  });

  it("ignores buckets beyond the known list", () => {
    const tooLong = new Array(LATENCY_BUCKET_COUNT + 2).fill(1);
    expect(mergeHistograms([tooLong])).toEqual(new Array(LATENCY_BUCKET_COUNT).fill(1));
  });
});
