/**
 * How each channel leaves the app, decided here and nowhere else. A provider key means real
 * delivery; without one, the local stack captures the message for /dev/outbox; anywhere else that
 * is a deployment mistake, refused loudly rather than dropping mail. SMS (Twilio) will get an
 * `smsTransport` beside `emailTransport`, built the same way.
 */
import "server-only";
import { withService as appWithService, type Db } from "@/lib/db";
import { serverEnv, type ServerEnv } from "@/lib/env";
import { ChannelNotConfiguredError } from "./errors";
import type { EmailTransport } from "./email-message";
import { localOutboxEmailTransport } from "./local-outbox";
import { resendEmailTransport } from "./resend-email";

export type EmailSettings = Pick<ServerEnv, "RESEND_API_KEY" | "RESEND_BASE_URL" | "EMAIL_FROM" | "SPENDGUARD_LOCAL_STACK">;

export function emailTransport(
  settings: EmailSettings = serverEnv(),
  withService: Db["withService"] = appWithService,
): EmailTransport {
  if (settings.RESEND_API_KEY) {
    return resendEmailTransport({ apiKey: settings.RESEND_API_KEY, from: settings.EMAIL_FROM, baseUrl: settings.RESEND_BASE_URL });
  }
  if (settings.SPENDGUARD_LOCAL_STACK === "1") return localOutboxEmailTransport(withService);
  throw new ChannelNotConfiguredError(
    "email",
    "RESEND_API_KEY",
    "Email is not configured: set RESEND_API_KEY to a Resend API key (https://resend.com/api-keys). " +
      "On the local stack (SPENDGUARD_LOCAL_STACK=1) email is captured at /dev/outbox instead.",
  );
}
