import { describe, expect, it } from "vitest";
import { healthObservation, type HealthWindow } from "@/lib/core/alerts/health-check.ts";

const errorRate = { metric: "error_rate", threshold: 5, minRequests: 20 } as const;
const latency = { metric: "p95_latency", threshold: 1000, minRequests: 20 } as const;

describe("healthObservation", () => {
  it.each<[string, typeof errorRate | typeof latency, HealthWindow, { breached: boolean; value: number }]>([
    ["error rate above the threshold", errorRate, { requests: 100, errors: 12, p95LatencyMs: 300 }, { breached: true, value: 12 }],
    ["error rate exactly at the threshold", errorRate, { requests: 100, errors: 5, p95LatencyMs: 300 }, { breached: true, value: 5 }],
    ["error rate just below", errorRate, { requests: 1000, errors: 49, p95LatencyMs: 300 }, { breached: false, value: 4.9 }],
    ["no errors", errorRate, { requests: 500, errors: 0, p95LatencyMs: 300 }, { breached: false, value: 0 }],
    ["all errors, but too few requests", errorRate, { requests: 19, errors: 19, p95LatencyMs: null }, { breached: false, value: 100 }],
    ["exactly the minimum requests", errorRate, { requests: 20, errors: 20, p95LatencyMs: null }, { breached: true, value: 100 }],
    ["no requests at all", errorRate, { requests: 0, errors: 0, p95LatencyMs: null }, { breached: false, value: 0 }],
    ["latency above", latency, { requests: 100, errors: 0, p95LatencyMs: 2300 }, { breached: true, value: 2300 }],
    ["latency exactly at the threshold", latency, { requests: 100, errors: 0, p95LatencyMs: 1000 }, { breached: true, value: 1000 }],
    ["latency below", latency, { requests: 100, errors: 90, p95LatencyMs: 999 }, { breached: false, value: 999 }],
    ["latency above, too few requests", latency, { requests: 10, errors: 0, p95LatencyMs: 5000 }, { breached: false, value: 5000 }],
    ["no latency data", latency, { requests: 100, errors: 0, p95LatencyMs: null }, { breached: false, value: 0 }],
  ])("%s", (_name, rule, window, expected) => {
    expect(healthObservation(rule, window)).toEqual(expected);
  });

  it("a rule with a minimum of one request still needs a request", () => {
    expect(healthObservation({ ...errorRate, minRequests: 1 }, { requests: 0, errors: 0, p95LatencyMs: null }).breached).toBe(false);
    expect(healthObservation({ ...errorRate, minRequests: 1 }, { requests: 1, errors: 1, p95LatencyMs: null })).toEqual({ breached: true, value: 100 });
  });
});
