/**
 * What each outbox row (public.notifications.payload) carries: everything needed to render the
 * message, written by SQL (private.alert_payload, private.enqueue_weekly_digests) or by the
 * services (verification, test, channel disabled). Parsed by the dispatcher before rendering, so a
 * malformed row fails loudly instead of sending nonsense.
 */
import { z } from "zod";
import { alertFactsSchema, alertKindSchema, severitySchema } from "./alert-facts.ts";

const orgSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });
const money = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal amount");

export const alertPayloadSchema = z.object({
  type: z.enum(["alert_fired", "alert_resolved"]),
  org: orgSchema,
  alert: z.object({
    id: z.uuid(),
    kind: alertKindSchema,
    severity: severitySchema,
    subject: z.string(),
    budget_id: z.uuid().nullable(),
    budget_name: z.string().nullable(),
    /** The budget's period kind (daily … yearly, custom, lifetime) and time zone, which its dates are cut in. */
    budget_period: z.string().nullable().default(null),
    budget_timezone: z.string().nullable().default(null),
    period_start: z.string().nullable(),
    period_end: z.string().nullable(),
    fired_at: z.string(),
    resolved_at: z.string().nullable(),
    resolved_reason: z.enum(["period_ended", "condition_cleared"]).nullable(),
    facts: alertFactsSchema,
    resolved_facts: alertFactsSchema.nullable(),
  }),
});

export const digestPayloadSchema = z.object({
  type: z.literal("digest"),
  org: orgSchema,
  currency: z.string(),
  week_start: z.string(),
  week_end: z.string(),
  spent: money,
  previous_spent: money,
  top_services: z.array(z.object({ service: z.string(), cost: money })),
  open_alerts: z.number().int(),
});

/** A code that proves the destination is the person's (SMS and email channels). */
export const verificationPayloadSchema = z.object({
  type: z.literal("verification"),
  org: orgSchema,
  channel_name: z.string(),
  code: z.string().regex(/^\d{6}$/),
  expires_at: z.string(),
});

/** "Send test": shows the destination works and what a real alert looks like (webhooks verify by it). */
export const testPayloadSchema = z.object({
  type: z.literal("test"),
  org: orgSchema,
  channel_name: z.string(),
  requested_by: z.string().nullable(),
});

/** Told to admins when a provider refused a channel for good and it was disabled. */
export const channelDisabledPayloadSchema = z.object({
  type: z.literal("channel_disabled"),
  org: orgSchema,
  channel_name: z.string(),
  channel_kind: z.enum(["email", "sms", "webhook"]),
  destination: z.string(),
  reason: z.string(),
});

export const notificationPayloadSchema = z.discriminatedUnion("type", [
  alertPayloadSchema,
  digestPayloadSchema,
  verificationPayloadSchema,
  testPayloadSchema,
  channelDisabledPayloadSchema,
]);

export type AlertPayload = z.infer<typeof alertPayloadSchema>;
export type DigestPayload = z.infer<typeof digestPayloadSchema>;
export type VerificationPayload = z.infer<typeof verificationPayloadSchema>;
export type TestPayload = z.infer<typeof testPayloadSchema>;
export type ChannelDisabledPayload = z.infer<typeof channelDisabledPayloadSchema>;
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;
