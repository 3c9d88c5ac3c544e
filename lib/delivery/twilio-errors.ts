/**
 * What a Twilio error means for the message, from Twilio's documented error codes
 * (https://www.twilio.com/docs/api/errors): the number itself refused (permanent: the channel is
 * disabled and its admins told), a hiccup (retryable), or a deployment problem (neither: wrong
 * credentials, a sender number that is not ours — fixed by the operator, not by the recipient).
 */
import twilio from "twilio";
import { DeliveryError } from "./errors.ts";

/** Codes by which Twilio says this recipient cannot get our texts, whatever we retry. */
export const DESTINATION_REFUSED_CODES: ReadonlyMap<number, string> = new Map([
  [21211, "the number is not a valid phone number"],
  [21217, "the number does not appear to be valid"],
  [21265, "the number is a short code"],
  [21407, "the number's type cannot receive SMS"],
  [21408, "sending to the number's region is not enabled"],
  [21610, "the recipient unsubscribed (replied STOP)"],
  [21612, "the number cannot be reached by SMS"],
  [21614, "the number is not a mobile number"],
]);

/** Too many requests: Twilio's own code besides HTTP 429. */
const RATE_LIMITED = 20429;

export function twilioDeliveryError(error: unknown): DeliveryError {
  if (error instanceof twilio.RestException) {
    const code = typeof error.code === "number" ? error.code : null;
    const refused = code === null ? undefined : DESTINATION_REFUSED_CODES.get(code);
    const retryable = error.status === 429 || error.status >= 500 || code === RATE_LIMITED;
    const detail = refused ? `${refused}: ${error.message}` : error.message;
    return new DeliveryError(`Twilio refused the SMS (${code ?? `HTTP ${error.status}`}): ${detail}`, {
      channel: "sms",
      provider: "twilio",
      code: code === null ? `http_${error.status}` : String(code),
      status: error.status,
      retryable,
      permanent: refused !== undefined,
    }, { cause: error });
  }
  // No answer at all (refused, reset, DNS, timeout): axios' error code says which.
  const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : "network_error";
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`Could not reach Twilio (${code}): ${message}`, {
    channel: "sms", provider: "twilio", code, status: null, retryable: true,
  }, { cause: error });
}
