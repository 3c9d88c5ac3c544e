/**
 * GoTrue's error responses. Clients that send `X-Supabase-Api-Version: 2024-01-01` (auth-js
 * always does) get `{code, message}` and the version header echoed, which is what makes auth-js
 * trust `code` as the error code; others get the legacy `{code: <status>, error_code, msg}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http.ts";

const apiVersionHeader = "x-supabase-api-version";
const apiVersion20240101 = "2024-01-01";

/** An error GoTrue reports with an HTTP status and one of its error codes. */
export class AuthError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra top-level body fields, e.g. `weak_password: {reasons}`. */
  readonly extra: Record<string, unknown>;
  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** OAuth2-style error (RFC 6749 §5.2) that GoTrue still uses for a few token-grant failures. */
export class OAuthError extends Error {
  readonly error: string;
  constructor(error: string, description: string) {
    super(description);
    this.error = error;
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const validationFailed = (message: string) => badRequest("validation_failed", message);

/** True when the client asked for the 2024-01-01 (or later) error format. */
function wantsCurrentApi(req: IncomingMessage): boolean {
  const value = req.headers[apiVersionHeader];
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= apiVersion20240101;
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: AuthError | OAuthError): void {
  if (error instanceof OAuthError) {
    sendJson(res, 400, { error: error.error, error_description: error.message });
    return;
  }
  const headers: Record<string, string> = { "x-sb-error-code": error.code };
  if (wantsCurrentApi(req)) {
    headers[apiVersionHeader] = apiVersion20240101;
    sendJson(res, error.status, { code: error.code, message: error.message, ...error.extra }, headers);
  } else {
    sendJson(res, error.status, { code: error.status, error_code: error.code, msg: error.message, ...error.extra }, headers);
  }
}

/** What GoTrue answers for an unexpected failure (a bug or a database error it did not foresee). */
export function unexpectedFailure(message = "Unexpected failure, please check server logs for more information"): AuthError {
  return new AuthError(500, "unexpected_failure", message);
}
