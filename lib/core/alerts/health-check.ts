/**
 * Whether an API-health rule's condition holds over a window of one service's requests: the
 * error rate (percent of requests that failed) or the p95 latency (ms) at or above the
 * threshold — reaching the line counts, as for every alert. A window with fewer requests than
 * the rule's minimum says nothing (two failures out of three calls at 3 a.m. are no outage),
 * and neither does a window without latency data.
 */

export type HealthMetric = "error_rate" | "p95_latency";

export type HealthWindow = { requests: number; errors: number; p95LatencyMs: number | null };

/** `value` is the metric over the window (0 when there is nothing to measure), breached or not. */
export function healthObservation(
  rule: { metric: HealthMetric; threshold: number; minRequests: number },
  window: HealthWindow,
): { breached: boolean; value: number } {
  const enough = window.requests > 0 && window.requests >= rule.minRequests;
  if (rule.metric === "error_rate") {
    const value = window.requests > 0 ? (window.errors / window.requests) * 100 : 0;
    return { breached: enough && value >= rule.threshold, value };
  }
  if (window.p95LatencyMs === null) return { breached: false, value: 0 };
  return { breached: enough && window.p95LatencyMs >= rule.threshold, value: window.p95LatencyMs };
}
