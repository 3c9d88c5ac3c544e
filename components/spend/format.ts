/**
 * How spend pages (Explore, the dashboard) write counts, buckets, rates and latencies (money: lib/format-money.ts).
 * Buckets arrive as local times with their offset ("2026-03-10T00:00:00+01:00"), so the local
 * fields are read off the string itself.
 */
import type { SpendGranularity } from "@/lib/services/usage/spend-schemas";

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/** 0.0833 → "8.3%"; null (nothing to divide) → "—". */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `${(rate * 100).toLocaleString("en-US", { maximumFractionDigits: rate < 0.001 && rate > 0 ? 2 : 1 })}%`;
}

/** 812 → "812 ms", 2556 → "2.56 s"; the histogram's open last bucket (≥ 120 s) reads as a floor. */
export function formatLatency(ms: number | null, openBucketFrom?: number): string {
  if (ms === null) return "—";
  const text = ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toLocaleString("en-US", { maximumSignificantDigits: 3 })} s`;
  return openBucketFrom !== undefined && ms >= openBucketFrom ? `≥ ${text}` : text;
}

const bucketFormats: Record<SpendGranularity, Intl.DateTimeFormat> = {
  hour: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }),
  day: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }),
  month: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "numeric" }),
};

/** "2026-03-10T11:00:00+01:00" → "10 Mar, 11:00" (hour), "10 Mar" (day), "Mar 2026" (month): the wall time where it happened. */
export function formatBucket(bucketStart: string, granularity: SpendGranularity): string {
  const [year, month, day, hour] = [bucketStart.slice(0, 4), bucketStart.slice(5, 7), bucketStart.slice(8, 10), bucketStart.slice(11, 13)].map(Number);
  return bucketFormats[granularity].format(Date.UTC(year, month - 1, day, hour));
}

/** A day as people read it ("10 Mar 2026") from YYYY-MM-DD. */
export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "medium" }).format(Date.UTC(year, month - 1, day));
}
