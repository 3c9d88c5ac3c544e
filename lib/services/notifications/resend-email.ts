/** Email through Resend's official SDK. Its errors come back as values; here they become thrown EmailDeliveryErrors. */
import { Resend, type ErrorResponse } from "resend";
import { EmailDeliveryError } from "./errors";
import type { EmailTransport } from "./email-message";

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

function toDeliveryError(error: ErrorResponse, headers: Record<string, string> | null): EmailDeliveryError {
  // No headers means no response arrived (DNS, refused, reset); the SDK then says application_error.
  const status = headers === null ? null : error.statusCode ?? STATUS_BY_NAME[error.name] ?? null;
  const retryable = status === null
    || status === 429
    || status >= 500
    // The first request with this key is still in flight; asking again later gets its result.
    || error.name === "concurrent_idempotent_requests";
  const retryAfter = Number(headers?.["retry-after"] ?? Number.NaN);
  const what = headers === null ? "Could not reach Resend" : "Resend refused the email";
  return new EmailDeliveryError(`${what} (${error.name}): ${error.message}`, {
    provider: "resend",
    code: error.name,
    status,
    retryable,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
  });
}

export function resendEmailTransport(options: { apiKey: string; from: string; baseUrl?: string }): EmailTransport {
  const resend = new Resend(options.apiKey, { baseUrl: options.baseUrl });
  return {
    provider: "resend",
    async send(message) {
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
        { idempotencyKey: message.idempotencyKey },
      );
      if (error) throw toDeliveryError(error, headers);
      return { provider: "resend", id: data.id };
    },
  };
}
