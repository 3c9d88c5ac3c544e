/**
 * How SMS leaves, decided here and nowhere else: Twilio when it is configured (all of
 * TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER); the local outbox on the local
 * stack when none is set; otherwise a ChannelNotConfiguredError naming what is missing. Webhooks
 * have no provider to choose: they always go to their endpoint (webhook-sender.ts).
 */
import type { SmsSettings } from "./delivery-settings.ts";
import { ChannelNotConfiguredError } from "./errors.ts";
import { localOutboxSmsTransport } from "./local-outbox.ts";
import type { SmsTransport } from "./sms-message.ts";
import { twilioSmsTransport } from "./twilio-sms.ts";
import type { WithService } from "./with-service.ts";

export function smsTransport(settings: SmsSettings, withService: WithService): SmsTransport {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: from } = settings;
  if (accountSid && authToken && from) return twilioSmsTransport({ accountSid, authToken, from, baseUrl: settings.TWILIO_BASE_URL });
  if (!accountSid && !authToken && !from && settings.SPENDGUARD_LOCAL_STACK === "1") return localOutboxSmsTransport(withService);
  const missing = !accountSid ? "TWILIO_ACCOUNT_SID" : !authToken ? "TWILIO_AUTH_TOKEN" : "TWILIO_FROM_NUMBER";
  throw new ChannelNotConfiguredError(
    "sms",
    "twilio",
    missing,
    `SMS is not configured: set ${missing} (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER, from https://console.twilio.com). ` +
      "On the local stack (SPENDGUARD_LOCAL_STACK=1) with none of them set, SMS is captured at /dev/outbox instead.",
  );
}
