/**
 * What an alert saw when it fired (stored in alerts.facts) and, for a resolve, what cleared it
 * (alerts.resolved_facts). Money is exact decimal strings in the organization's base currency;
 * percents and scores are numbers for people. The renderers and the alert center read these.
 */
import { z } from "zod";

const money = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal amount");

export const alertKindSchema = z.enum(["actual", "forecast", "anomaly", "health", "reconciliation"]);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const severitySchema = z.enum(["info", "warning", "critical"]);
export type Severity = z.infer<typeof severitySchema>;

export const alertFactsSchema = z.discriminatedUnion("kind", [
  /** Spend in the period reached `threshold` % of what the period allows (`amount`, rollover included). */
  z.strictObject({
    kind: z.literal("actual"),
    currency: z.string(),
    threshold: z.number(),
    amount: money,
    spent: money,
    percent: z.number(),
  }),
  /** The median forecast at the period end reaches `threshold` % of `amount`. */
  z.strictObject({
    kind: z.literal("forecast"),
    currency: z.string(),
    threshold: z.number(),
    amount: money,
    spent: money,
    forecast: money,
    /** The 80 % interval's upper end at the period end. */
    forecast_high: money,
    percent: z.number(),
    /** When the median path crosses the amount (ISO date-time), if it does. */
    exhaustion_at: z.string().nullable(),
  }),
  /** Spend in the last `window_minutes` was `score` robust deviations above the usual for that time of the week. */
  z.strictObject({
    kind: z.literal("anomaly"),
    currency: z.string(),
    threshold: z.number(),
    window_minutes: z.number().int(),
    window_start: z.string(),
    observed: money,
    usual: money,
    score: z.number(),
    /** How many earlier weeks the usual level comes from. */
    baseline_weeks: z.number().int(),
  }),
  /** A service's error rate (percent) or p95 latency (ms) over the window was above `threshold`. */
  z.strictObject({
    kind: z.literal("health"),
    service: z.string(),
    metric: z.enum(["error_rate", "p95_latency"]),
    threshold: z.number(),
    window_minutes: z.number().int(),
    value: z.number(),
    requests: z.number().int(),
    errors: z.number().int(),
  }),
  /** On `day` (UTC), the provider billed `billed` for `service` where events priced `priced`: off by more than the tolerance. */
  z.strictObject({
    kind: z.literal("reconciliation"),
    currency: z.string(),
    service: z.string(),
    day: z.string(),
    priced: money,
    billed: money,
    difference: money,
    /** priced − billed as a share of billed; null when billed is 0. */
    difference_percent: z.number().nullable(),
    threshold: z.number(),
  }),
]);

export type AlertFacts = z.infer<typeof alertFactsSchema>;
