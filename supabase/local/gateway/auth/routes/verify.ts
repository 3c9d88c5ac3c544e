/**
 * /verify. POST (verifyOtp) answers with a session. GET is the emailed link itself: it redirects
 * (303) to `redirect_to` with the session in the fragment (implicit flow), an auth code in the
 * query (PKCE: the stored token starts with `pkce_`), or the error in both.
 */
import { z } from "zod";
import { sendEmpty, sendJson } from "../../http.ts";
import { authMethodOf } from "../email-flows.ts";
import { AuthError, unprocessable, validationFailed } from "../errors.ts";
import { issueAuthCode } from "../flow-state.ts";
import { pkcePrefix } from "../one-time-tokens.ts";
import { referrerOf } from "../redirects.ts";
import { readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import { issueSession } from "../sessions.ts";
import { applyVerification, awaitingOtherEmail, findByEmailOtp, findByTokenHash, isVerifyType } from "../verification.ts";
import { validateEmail } from "../validation.ts";

const singleConfirmationAccepted = "Confirmation link accepted. Please proceed to confirm link sent to the other email";

const params = z.object({ type: text, token: text, token_hash: text, email: text, phone: text, redirect_to: text });

export const verifyPost: Route = {
  method: "POST",
  path: "/verify",
  async handle(deps, { req, res }) {
    const body = await readParams(req, params);
    if (body.type === "") throw validationFailed("Verify requires a verification type");
    if ((body.token === "") === (body.token_hash === "")) throw validationFailed("Verify requires either a token or a token hash");
    let email = "";
    if (body.token !== "") {
      if (body.phone !== "" || body.email === "") throw validationFailed("Only an email address or phone number should be provided on verify");
      try {
        email = validateEmail(body.email);
      } catch {
        throw unprocessable("validation_failed", "Invalid email format");
      }
    } else if (body.email !== "" || body.phone !== "" || body.redirect_to !== "") {
      throw validationFailed("Only the token_hash and type should be provided");
    }
    const type = body.type;
    if (!isVerifyType(type)) throw validationFailed("Unsupported verification type");

    const result = await deps.db.begin(async (tx) => {
      const verified = body.token_hash !== ""
        ? await findByTokenHash(tx, deps.config, type, body.token_hash)
        : await findByEmailOtp(tx, deps.config, type, email, body.token.replaceAll("-", ""));
      const user = await applyVerification(tx, deps.config, verified);
      if (user === awaitingOtherEmail) return { msg: singleConfirmationAccepted, code: "200" };
      return issueSession(tx, deps, user, "otp", req);
    });
    sendJson(res, 200, result);
  },
};

/** OAuth error names GoTrue puts beside its own code in error redirects. */
const oauthErrors: Record<number, string> = { 400: "invalid_request", 401: "unauthorized_client", 403: "access_denied", 500: "server_error", 503: "temporarily_unavailable" };

/** Go's url.Values.Encode(): keys sorted, form-encoded. */
function encodeSorted(values: Record<string, string>): string {
  return new URLSearchParams(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))).toString();
}

function errorRedirect(redirectTo: string, error: AuthError, pkce: boolean): string {
  const target = new URL(redirectTo);
  const details: Record<string, string> = { error_code: error.code, error_description: error.message };
  if (oauthErrors[error.status]) details.error = oauthErrors[error.status];
  if (pkce) for (const [key, value] of Object.entries(details)) target.searchParams.set(key, value);
  target.hash = encodeSorted(details);
  return target.toString();
}

function messageRedirect(redirectTo: string, message: string, pkce: boolean): string {
  const target = new URL(redirectTo);
  if (pkce) target.searchParams.set("message", message);
  target.hash = encodeSorted({ message });
  return target.toString();
}

export const verifyGet: Route = {
  method: "GET",
  path: "/verify",
  withoutApiKey: true,
  async handle(deps, { req, res, url }) {
    const token = url.searchParams.get("token") ?? "";
    const type = url.searchParams.get("type") ?? "";
    if (type === "") throw validationFailed("Verify requires a verification type");
    if (token === "") throw validationFailed("Verify requires a token or a token hash");
    const redirectTo = referrerOf(deps.config, req, url);
    const pkce = token.startsWith(pkcePrefix);

    let location: string;
    try {
      location = await deps.db.begin(async (tx) => {
        if (!isVerifyType(type)) throw validationFailed("Unsupported verification type");
        const verified = await findByTokenHash(tx, deps.config, type, token);
        const user = await applyVerification(tx, deps.config, verified);
        if (user === awaitingOtherEmail) return messageRedirect(redirectTo, singleConfirmationAccepted, pkce);
        if (pkce) {
          const target = new URL(redirectTo);
          target.searchParams.set("code", await issueAuthCode(tx, user.id, authMethodOf[verified.type]));
          return target.toString();
        }
        const session = await issueSession(tx, deps, user, "otp", req);
        return `${redirectTo}#${encodeSorted({
          access_token: session.access_token,
          expires_at: String(session.expires_at),
          expires_in: String(session.expires_in),
          refresh_token: session.refresh_token,
          sb: "",
          token_type: session.token_type,
          type,
        })}`;
      });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      location = errorRedirect(redirectTo, error, pkce);
    }
    sendEmpty(res, 303, { location });
  },
};
