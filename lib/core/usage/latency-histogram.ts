/**
 * Latency distribution kept in the hourly rollups: counts per fixed bucket, so distributions of
 * any hours, services or models merge by adding counts and percentiles stay answerable for the
 * whole retention of the rollups (raw events are dropped earlier).
 *
 * Bucket i counts latencies in [BOUNDS[i-1], BOUNDS[i]) ms — bucket 0 is below BOUNDS[0], the last
 * is BOUNDS[last] and above. This is exactly Postgres' width_bucket(latency_ms, BOUNDS) with
 * 1-based arrays (private.latency_bucket in the migrations uses the same list: keep them equal).
 * A rollup's array may be shorter than BUCKET_COUNT (trailing buckets are zero) or empty.
 */

export const LATENCY_BOUNDS_MS = [
  10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000,
  30_000, 60_000, 120_000,
] as const;

export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

export type LatencyHistogram = readonly number[];

/** The bucket a latency falls in (0 … LATENCY_BUCKET_COUNT - 1). */
export function latencyBucket(latencyMs: number): number {
  let index = 0;
  while (index < LATENCY_BOUNDS_MS.length && latencyMs >= LATENCY_BOUNDS_MS[index]) index++;
  return index;
}

/** Element-wise sum; missing trailing buckets count as zero. */
export function mergeHistograms(histograms: Iterable<LatencyHistogram>): number[] {
  const total = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const histogram of histograms) {
    histogram.forEach((count, index) => {
      if (index < LATENCY_BUCKET_COUNT) total[index] += count;
    });
  }
  return total;
}

/**
 * The p-th percentile (0 < p ≤ 1) estimated from bucket counts: the bucket holding the rank, with
 * linear interpolation inside it. Bucket 0 starts at 0 ms; the open last bucket reports its lower
 * bound (a floor — nothing above it is known). null when there is no latency at all.
 */
export function latencyPercentile(histogram: LatencyHistogram, p: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let index = 0; index < histogram.length; index++) {
    const count = histogram[index];
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    const lower = index === 0 ? 0 : LATENCY_BOUNDS_MS[index - 1];
    if (index >= LATENCY_BOUNDS_MS.length) return lower;
    const upper = LATENCY_BOUNDS_MS[index];
    return Math.round(lower + ((rank - seen) / count) * (upper - lower));
  }
  return null;
}
