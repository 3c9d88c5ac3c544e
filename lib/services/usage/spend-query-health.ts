/**
 * Per-service health over a range: events, errors, error rate and latency p50 / p95 / p99 — per
 * model instead when the query is filtered to one service. Latencies come from the rollups'
 * latency_histogram (or the raw events bucketed the same way, see spend-query-source.ts): the
 * buckets are summed per key in SQL and the percentiles read off the merged histogram
 * (lib/core/usage/latency-histogram.ts), so they are estimates within a bucket's width, and stay
 * answerable after raw events are gone. Events without a latency count for the error rate only.
 */
import "server-only";
import { LATENCY_BUCKET_COUNT, latencyPercentile, mergeHistograms, type LatencyHistogram } from "@/lib/core/usage/latency-histogram";
import type { Tx } from "@/lib/db";
import { spendRows, type SpendScope } from "./spend-query-source";

export type HealthRow = {
  /** The service (or model) name. */
  key: string;
  events: number;
  errors: number;
  /** errors / events; null without events. */
  errorRate: number | null;
  /** Events that reported a latency. */
  latencyEvents: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export type ServiceHealth = { by: "service" | "model"; rows: HealthRow[]; overall: HealthRow };

type CountRow = { key: string; events: string; errors: string };
type BucketRow = { key: string; bucket: number; count: string };

export async function queryServiceHealth(tx: Tx, orgId: string, scope: SpendScope): Promise<ServiceHealth> {
  const by = scope.filters.service === undefined ? "service" : "model";
  const rows = () => tx`select ${tx(by)} as key, event_count, error_count, latency_histogram from (${spendRows(tx, orgId, scope, { latency: true })}) r`;
  const counts = await tx<CountRow[]>`
    select key, sum(event_count)::bigint as events, sum(error_count)::bigint as errors from (${rows()}) r group by key`;
  // Element-wise sums: unnest's ordinality is the 1-based array index, i.e. the bucket + 1.
  const buckets = await tx<BucketRow[]>`
    select r.key, (h.i - 1)::int as bucket, sum(h.n)::bigint as count
    from (${rows()}) r cross join lateral pg_catalog.unnest(r.latency_histogram) with ordinality as h(n, i)
    group by r.key, h.i`;

  const histograms = new Map<string, number[]>();
  for (const row of buckets) {
    const histogram = histograms.get(row.key) ?? new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
    if (row.bucket < LATENCY_BUCKET_COUNT) histogram[row.bucket] += Number(row.count);
    histograms.set(row.key, histogram);
  }
  const healthRows = counts
    .map((row) => healthRow(row.key, Number(row.events), Number(row.errors), histograms.get(row.key) ?? []))
    .sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
  const overall = healthRow(
    by === "service" ? "All services" : "All models",
    healthRows.reduce((sum, row) => sum + row.events, 0),
    healthRows.reduce((sum, row) => sum + row.errors, 0),
    mergeHistograms(histograms.values()),
  );
  return { by, rows: healthRows, overall };
}

function healthRow(key: string, events: number, errors: number, histogram: LatencyHistogram): HealthRow {
  return {
    key,
    events,
    errors,
    errorRate: events > 0 ? errors / events : null,
    latencyEvents: histogram.reduce((sum, count) => sum + count, 0),
    p50: latencyPercentile(histogram, 0.5),
    p95: latencyPercentile(histogram, 0.95),
    p99: latencyPercentile(histogram, 0.99),
  };
}
