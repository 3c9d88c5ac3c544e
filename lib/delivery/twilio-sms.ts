/**
 * SMS through Twilio's official SDK (client.messages.create). The SDK builds the request, signs
 * it with the account's credentials and parses the answer; with `baseUrl` (tests, a proxy) its
 * requests go to that origin instead of https://api.twilio.com.
 */
import twilio from "twilio";
import { parseSmsMessage, type SmsTransport } from "./sms-message.ts";
import { SEND_TIMEOUT_MS } from "./send-timeout.ts";
import { twilioDeliveryError } from "./twilio-errors.ts";

/** The SDK's request options (its namespace types are not exported from the package root). */
type RequestOptions<TData> = Parameters<twilio.RequestClient["request"]>[0] & { data?: TData };

/** Twilio's own HTTP client, with every request's origin replaced. */
class OriginRequestClient extends twilio.RequestClient {
  readonly #origin: string;

  constructor(origin: string) {
    super({ timeout: SEND_TIMEOUT_MS });
    this.#origin = new URL(origin).origin;
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const target = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.#origin}${target.pathname}${target.search}` });
  }
}

export type TwilioSettings = { accountSid: string; authToken: string; from: string; baseUrl?: string };

export function twilioSmsTransport(settings: TwilioSettings): SmsTransport {
  const httpClient = settings.baseUrl ? new OriginRequestClient(settings.baseUrl) : new twilio.RequestClient({ timeout: SEND_TIMEOUT_MS });
  // No SDK-side retries: the dispatcher retries with its own backoff and records every attempt.
  const client = twilio(settings.accountSid, settings.authToken, { httpClient, autoRetry: false });
  return {
    provider: "twilio",
    async send(message) {
      const { to, body } = parseSmsMessage(message, "twilio");
      try {
        const sent = await client.messages.create({ from: settings.from, to, body });
        return { provider: "twilio", id: sent.sid };
      } catch (error) {
        throw twilioDeliveryError(error);
      }
    },
  };
}
