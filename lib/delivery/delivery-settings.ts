/**
 * The environment that decides how messages leave: provider keys, the sender, and the local
 * stack's flags. Parsed the same way in the app (lib/env.ts includes it) and in the
 * dispatch-notifications edge function (from Deno.env). An empty variable counts as unset, as a
 * `KEY=` line in an .env file means.
 */
import { z } from "zod";

const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);
const optionalText = z.preprocess(unsetWhenEmpty, z.string().min(1).optional());
const optionalUrl = z.preprocess(unsetWhenEmpty, z.url().optional());
const flag = z.preprocess(unsetWhenEmpty, z.enum(["1"]).optional());

export const DEFAULT_EMAIL_FROM = "Spendguard <notifications@spendguard.dev>";

export const deliverySettingsSchema = z.object({
  /** Sends email through Resend. Unset: captured in the local outbox on the local stack, else refused. */
  RESEND_API_KEY: optionalText,
  /** Another origin for Resend's API: the fake server in tests, or a proxy. */
  RESEND_BASE_URL: optionalUrl,
  /** The sender of every email; its domain must be verified in Resend. */
  EMAIL_FROM: z.preprocess(unsetWhenEmpty, z.string()
    .regex(/^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be "Name <address>" or an address')
    .default(DEFAULT_EMAIL_FROM)),
  /** Sends SMS through Twilio (all three). Unset: captured in the local outbox on the local stack, else refused. */
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  /** The sending number, E.164. */
  TWILIO_FROM_NUMBER: z.preprocess(unsetWhenEmpty, z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +14155550100").optional()),
  /** Another origin for Twilio's API: the fake server in tests, or a proxy. */
  TWILIO_BASE_URL: optionalUrl,
  /** Set only by the local stack: messages without a provider key are captured for /dev/outbox. */
  SPENDGUARD_LOCAL_STACK: flag,
  /** Local stack and tests: webhooks may target loopback and private addresses (and plain http). */
  WEBHOOK_ALLOW_PRIVATE_URLS: flag,
});

export type DeliverySettings = z.output<typeof deliverySettingsSchema>;
export type EmailSettings = Pick<DeliverySettings, "RESEND_API_KEY" | "RESEND_BASE_URL" | "EMAIL_FROM" | "SPENDGUARD_LOCAL_STACK">;
export type SmsSettings = Pick<DeliverySettings, "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN" | "TWILIO_FROM_NUMBER" | "TWILIO_BASE_URL" | "SPENDGUARD_LOCAL_STACK">;
