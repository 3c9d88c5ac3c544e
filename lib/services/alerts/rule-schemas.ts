/**
 * What the alert-rule verbs accept and answer, in the API's own field names. Each kind has its
 * own fields, matching the table's alert_rules_shape constraint: actual and forecast rules a
 * percent of the budget, anomaly rules a robust score over the last hour or day above a minimum
 * excess, health rules a service's error rate (%) or p95 latency (ms) over a window,
 * reconciliation rules a tolerance (%) and minimum difference between what a provider billed for a
 * day and what events priced (optionally for one service).
 */
import { z } from "zod";
import { severitySchema } from "@/lib/core/alerts/alert-facts";
import { uuidField } from "@/lib/services/organizations/schemas";

export const BUDGET_RULE_KINDS = ["actual", "forecast", "anomaly"] as const;
export const RULE_KINDS = ["actual", "forecast", "anomaly", "health", "reconciliation"] as const;
export const HEALTH_METRICS = ["error_rate", "p95_latency"] as const;
export const ANOMALY_WINDOWS = [60, 1440] as const;
export const MAX_COOLDOWN_MINUTES = 10_080;
export const MAX_P95_THRESHOLD_MS = 600_000;
/** "Muted until unmuted": a far-future instant (the evaluators compare instants; infinity is not one in JS). */
export const MUTED_INDEFINITELY = "9999-12-31T00:00:00.000Z";

const unique = (ids: string[]) => [...new Set(ids)];

const percentField = z
  .number({ error: "Enter a percentage." })
  .min(1, "Use a threshold of at least 1%.")
  .max(1000, "Use a threshold of at most 1000%.");

const minAmountField = z
  .union([z.string().trim(), z.number().transform((value) => String(value))], { error: "Enter the minimum amount as a number." })
  .refine((text) => /^\d{1,12}(\.\d{1,20})?$/.test(text), { message: "Enter the minimum amount as a plain number, like 10 or 2.50.", abort: true })
  .meta({ description: "Decimal string in the base currency: a smaller excess over the usual level never fires." });

const futureInstant = z
  .iso.datetime({ offset: true, error: "Give the time as an ISO 8601 instant, like 2026-11-23T18:00:00Z." })
  .refine((value) => Date.parse(value) > Date.now(), "Mute until a time in the future, or send null to unmute.")
  .meta({ description: `Until then alerts are recorded but nobody is told; null: not muted; ${MUTED_INDEFINITELY}: until unmuted.` });

const memberIdsField = z
  .array(uuidField, { error: "Choose members by their user id." })
  .max(100, "Choose at most 100 members.")
  .transform(unique)
  .meta({ description: "Members emailed at their account address." });

const channelIdsField = z
  .array(uuidField, { error: "Choose channels by their id." })
  .max(50, "Choose at most 50 channels.")
  .transform(unique)
  .meta({ description: "Notification channels of the organization; only verified, enabled ones receive messages." });

const cooldownField = z
  .number({ error: "Enter the cooldown in minutes." })
  .int("Enter whole minutes.")
  .min(0, "The cooldown can't be negative.")
  .max(MAX_COOLDOWN_MINUTES, "Use a cooldown of at most 10080 minutes (a week).")
  .meta({ description: "After an alert of this rule notified, later ones within this many minutes are recorded without notifying." });

/** Who is told and how loudly: shared by every kind. */
const deliveryFields = {
  severity: severitySchema.default("warning"),
  member_ids: memberIdsField.default([]),
  channel_ids: channelIdsField.default([]),
  cooldown_minutes: cooldownField.default(60),
  enabled: z.boolean({ error: "Say true or false." }).default(true).meta({ description: "Off: the rule fires nothing (its open alerts still resolve)." }),
  muted_until: futureInstant.nullable().default(null),
};

const budgetId = uuidField.meta({ description: "The budget the rule watches." });

export const RULE_KIND_SCHEMAS = {
  actual: z.strictObject({ kind: z.literal("actual"), budget_id: budgetId, threshold: percentField.meta({ description: "Percent of the period's amount spent." }), ...deliveryFields }),
  forecast: z.strictObject({ kind: z.literal("forecast"), budget_id: budgetId, threshold: percentField.meta({ description: "Percent of the period's amount forecast at its end." }), ...deliveryFields }),
  anomaly: z.strictObject({
    kind: z.literal("anomaly"),
    budget_id: budgetId,
    threshold: z
      .number({ error: "Enter a score." })
      .min(1, "Use a score of at least 1.")
      .max(100, "Use a score of at most 100.")
      .default(4)
      .meta({ description: "Robust score (median/MAD, ≈ standard deviations) above the usual spend for that time of the week." }),
    window_minutes: z
      .union([z.literal(60), z.literal(1440)], { error: "Look at the last hour (60) or the last day (1440)." })
      .default(60),
    min_amount: minAmountField,
    ...deliveryFields,
  }),
  health: z
    .strictObject({
      kind: z.literal("health"),
      service: z.string({ error: "Enter a service." }).trim().min(1, "Enter a service.").max(200, "Keep the service under 200 characters."),
      metric: z.enum(HEALTH_METRICS, { error: "Choose error_rate or p95_latency." }),
      threshold: z
        .number({ error: "Enter a threshold." })
        .positive("Use a threshold above 0.")
        .max(MAX_P95_THRESHOLD_MS, "Use a threshold of at most 600000 ms.")
        .meta({ description: "error_rate: percent of requests; p95_latency: milliseconds." }),
      window_minutes: z.number({ error: "Enter the window in minutes." }).int("Enter whole minutes.").min(5, "Look at 5 minutes at least.").max(1440, "Look at 1440 minutes (a day) at most.").default(15),
      min_requests: z
        .number({ error: "Enter a number of requests." })
        .int("Enter a whole number.")
        .min(1, "Require at least 1 request.")
        .max(1_000_000, "Require at most 1,000,000 requests.")
        .default(20)
        .meta({ description: "Fewer requests than this in the window say nothing." }),
      ...deliveryFields,
    })
    .refine((rule) => rule.metric !== "error_rate" || rule.threshold <= 100, { message: "An error rate is a percentage: at most 100.", path: ["threshold"] }),
  reconciliation: z.strictObject({
    kind: z.literal("reconciliation"),
    service: z.string({ error: "Enter a service." }).trim().min(1, "Enter a service, or leave it out for every connected one.").max(200, "Keep the service under 200 characters.")
      .nullable().default(null).meta({ description: "Only this service (e.g. openai); null: every service a cost connector bills." }),
    threshold: z
      .number({ error: "Enter a tolerance." })
      .positive("Use a tolerance above 0%.")
      .max(100, "Use a tolerance of at most 100%.")
      .default(5)
      .meta({ description: "Tolerance: percent of the larger side (billed or priced) a day may differ by." }),
    min_amount: minAmountField.default("1").meta({ description: "Decimal string in the base currency: a smaller difference never fires." }),
    ...deliveryFields,
  }),
};

export type AlertRuleKind = keyof typeof RULE_KIND_SCHEMAS;

export const CreateAlertRuleInput = z.discriminatedUnion("kind", Object.values(RULE_KIND_SCHEMAS) as [
  (typeof RULE_KIND_SCHEMAS)["actual"],
  (typeof RULE_KIND_SCHEMAS)["forecast"],
  (typeof RULE_KIND_SCHEMAS)["anomaly"],
  (typeof RULE_KIND_SCHEMAS)["health"],
  (typeof RULE_KIND_SCHEMAS)["reconciliation"],
], { error: "Choose the kind of rule: actual, forecast, anomaly, health or reconciliation." });
export type CreateAlertRuleInput = z.input<typeof CreateAlertRuleInput>;

/** A partial update: only the fields sent change; the kind and the budget stay. */
export const UpdateAlertRuleInput = z
  .strictObject({
    threshold: z.number({ error: "Enter a threshold." }),
    window_minutes: z.number({ error: "Enter the window in minutes." }).int("Enter whole minutes."),
    min_amount: minAmountField,
    service: z.string({ error: "Enter a service." }).nullable(),
    metric: z.enum(HEALTH_METRICS, { error: "Choose error_rate or p95_latency." }),
    min_requests: z.number({ error: "Enter a number of requests." }).int("Enter a whole number."),
    severity: severitySchema,
    member_ids: memberIdsField,
    channel_ids: channelIdsField,
    cooldown_minutes: cooldownField,
    enabled: z.boolean({ error: "Say true or false." }),
    muted_until: futureInstant.nullable(),
  })
  .partial();
export type UpdateAlertRuleInput = z.input<typeof UpdateAlertRuleInput>;

export const ListAlertRulesInput = z.strictObject({
  budget_id: uuidField.optional().meta({ description: "Only this budget's rules." }),
  kind: z.enum(RULE_KINDS, { error: "Choose actual, forecast, anomaly, health or reconciliation." }).optional(),
});
export type ListAlertRulesInput = z.input<typeof ListAlertRulesInput>;

export const RuleIdInput = z.object({ ruleId: uuidField });

const instant = z.string().meta({ description: "ISO 8601 instant." });

export const AlertRule = z.object({
  id: z.uuid(),
  budget_id: z.uuid().nullable(),
  kind: z.enum(RULE_KINDS),
  threshold: z.number(),
  window_minutes: z.number().nullable(),
  min_amount: z.string().nullable(),
  service: z.string().nullable(),
  metric: z.enum(HEALTH_METRICS).nullable(),
  min_requests: z.number().nullable(),
  severity: severitySchema,
  member_ids: z.array(z.uuid()),
  channel_ids: z.array(z.uuid()),
  cooldown_minutes: z.number(),
  enabled: z.boolean(),
  muted_until: instant.nullable(),
  created_at: instant,
  updated_at: instant,
});
export type AlertRule = z.output<typeof AlertRule>;

export const AlertRuleListResponse = z.object({ rules: z.array(AlertRule) });
export const AlertRuleResponse = z.object({ rule: AlertRule });
