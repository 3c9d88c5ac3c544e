/**
 * How email leaves, decided here and nowhere else (the app's invitations and the dispatcher
 * alike). A Resend key means real delivery; without one, the local stack captures the message for
 * /dev/outbox; anywhere else that is a deployment mistake, refused loudly
 * (ChannelNotConfiguredError) rather than dropping the message.
 */
import type { EmailSettings } from "./delivery-settings.ts";
import type { EmailTransport } from "./email-message.ts";
import { ChannelNotConfiguredError } from "./errors.ts";
import { localOutboxEmailTransport } from "./local-outbox.ts";
import { resendEmailTransport } from "./resend-email.ts";
import type { WithService } from "./with-service.ts";

export function emailTransport(settings: EmailSettings, withService: WithService): EmailTransport {
  if (settings.RESEND_API_KEY) {
    return resendEmailTransport({ apiKey: settings.RESEND_API_KEY, from: settings.EMAIL_FROM, baseUrl: settings.RESEND_BASE_URL });
  }
  if (settings.SPENDGUARD_LOCAL_STACK === "1") return localOutboxEmailTransport(withService);
  throw new ChannelNotConfiguredError(
    "email",
    "resend",
    "RESEND_API_KEY",
    "Email is not configured: set RESEND_API_KEY to a Resend API key (https://resend.com/api-keys). " +
      "On the local stack (SPENDGUARD_LOCAL_STACK=1) email is captured at /dev/outbox instead.",
  );
}
