/**
 * The one error shape of /api/v1 (DESIGN §6): `{ "error": { code, message, details? } }`, with
 * the status that goes with each code. The schema is also what the OpenAPI document shows.
 */
import { z } from "zod";
import type { ServiceError } from "@/lib/services/errors";

export const API_ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string().meta({ description: "For people; may change. Branch on `code`." }),
    details: z.unknown().optional(),
  }),
});

export function apiError(code: ApiErrorCode, message: string, options: { details?: unknown; headers?: HeadersInit } = {}): Response {
  const error = options.details === undefined ? { code, message } : { code, message, details: options.details };
  return Response.json({ error }, { status: API_ERROR_STATUS[code], headers: options.headers });
}

/** A service verb's typed error as the API answers it; null for codes the API never expects. */
export function fromServiceError(error: ServiceError): Response | null {
  switch (error.code) {
    case "not_found":
      return apiError("not_found", error.message);
    case "conflict":
      return apiError("conflict", error.message, { details: error.fieldErrors });
    case "forbidden":
      return apiError("forbidden", error.message);
    case "invalid":
      return apiError("validation_failed", error.message, { details: error.fieldErrors });
    case "unauthenticated":
      return apiError("unauthorized", error.message);
    case "unavailable":
      return apiError("unavailable", error.message, { headers: { "retry-after": "60" } });
    default:
      return null;
  }
}
