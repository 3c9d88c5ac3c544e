/** What every SMS transport accepts, checked once before any of them sees it. */
import { DeliveryError, type DeliveryProvider } from "./errors.ts";
import type { SentMessage } from "./email-message.ts";

export type SmsMessage = {
  /** E.164, e.g. +14155550100. */
  to: string;
  body: string;
  /** The local outbox keeps one capture per key; Twilio has no idempotency key for messages. */
  idempotencyKey?: string;
  /** Which part of the app sent it ("alerts", "channels"): a column in the local outbox. */
  source: string;
  /** What kind of message it is ("alert_fired", "verification"…): shown in /dev/outbox. */
  type?: string;
};

export type SmsTransport = {
  provider: DeliveryProvider;
  send(message: SmsMessage): Promise<SentMessage>;
};

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio's limit for one message body (it splits longer texts into at most 10 segments). */
const MAX_BODY_LENGTH = 1600;

/** Refuses what Twilio would refuse, the same way on every transport. */
export function parseSmsMessage(message: SmsMessage, provider: DeliveryProvider): SmsMessage {
  if (!E164.test(message.to)) {
    throw new DeliveryError(`Invalid SMS message: to: ${JSON.stringify(message.to)} is not an E.164 number`, {
      channel: "sms", provider, code: "invalid_phone_number", status: null, retryable: false, permanent: true,
    });
  }
  if (message.body.trim() === "" || message.body.length > MAX_BODY_LENGTH) {
    throw new DeliveryError(`Invalid SMS message: body must have 1 to ${MAX_BODY_LENGTH} characters`, {
      channel: "sms", provider, code: "validation_error", status: null, retryable: false,
    });
  }
  return message;
}
