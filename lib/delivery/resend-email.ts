/** Email through Resend's official SDK. Its errors come back as values; here they become thrown DeliveryErrors. */
import { Resend, type ErrorResponse } from "resend";
import { DeliveryError } from "./errors.ts";
import { parseEmailMessage, type EmailTransport } from "./email-message.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { SEND_TIMEOUT_MS } from "./send-timeout.ts";

// Resend's documented status for each error name, for bodies that omit `statusCode`.
const STATUS_BY_NAME: Partial<Record<ErrorResponse["name"], number>> = {
  invalid_idempotency_key: 400,
  validation_error: 400,
  missing_api_key: 401,
  restricted_api_key: 401,
  invalid_api_key: 403,
  not_found: 404,
  method_not_allowed: 405,
  invalid_idempotent_request: 409,
  concurrent_idempotent_requests: 409,
  invalid_attachment: 422,
  invalid_from_address: 422,
  invalid_access: 422,
  invalid_parameter: 422,
  invalid_region: 422,
  missing_required_field: 422,
  monthly_quota_exceeded: 429,
  daily_quota_exceeded: 429,
  rate_limit_exceeded: 429,
  security_error: 451,
  application_error: 500,
  internal_server_error: 500,
};

export function resendDeliveryError(error: ErrorResponse, headers: Record<string, string> | null): DeliveryError {
  // No headers means no response arrived (DNS, refused, reset, timeout); the SDK then says application_error.
  const status = headers === null ? null : error.statusCode ?? STATUS_BY_NAME[error.name] ?? null;
  const retryable = status === null
    || status === 429
    || status >= 500
    // The first request with this key is still in flight; asking again later gets its result.
    || error.name === "concurrent_idempotent_requests";
  const what = headers === null ? "Could not reach Resend" : "Resend refused the email";
  return new DeliveryError(`${what} (${error.name}): ${error.message}`, {
    channel: "email",
    provider: "resend",
    code: error.name,
    status,
    retryable,
    // Resend refuses a recipient synchronously only when the address is malformed ("Invalid `to`
    // field"); bounces and suppressed addresses are reported later, by its webhooks.
    permanent: error.name === "validation_error" && /`to`/.test(error.message),
    retryAfterSeconds: parseRetryAfter(headers?.["retry-after"]),
  });
}

export function resendEmailTransport(options: { apiKey: string; from: string; baseUrl?: string }): EmailTransport {
  const resend = new Resend(options.apiKey, { baseUrl: options.baseUrl });
  return {
    provider: "resend",
    async send(input) {
      const message = parseEmailMessage(input, "resend");
      const tags = { source: message.source, ...message.tags };
      const { data, error, headers } = await resend.emails.send(
        {
          from: options.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
        },
        // Resend answers a repeated key with the first send's result instead of sending again.
        { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      if (error) throw resendDeliveryError(error, headers);
      return { provider: "resend", id: data.id };
    },
  };
}
