/**
 * Maps Supabase Auth errors (by `error.code`) to what a person should read, and to the form
 * field it concerns. Unknown errors get a generic message and are logged, never shown raw.
 */
import type { AuthError } from "@supabase/supabase-js";
import type { ActionError } from "./action-result";

type Field = "email" | "password" | "confirmPassword";

const MESSAGES: Record<string, { message: string; field?: Field }> = {
  // One message for unknown email and wrong password, on purpose: it must not reveal who has an account.
  invalid_credentials: { message: "Email or password is incorrect." },
  user_already_exists: { message: "An account with this email already exists. Sign in instead.", field: "email" },
  email_exists: { message: "An account with this email already exists. Sign in instead.", field: "email" },
  email_address_invalid: { message: "This email address can't be used. Check it for typos.", field: "email" },
  email_address_not_authorized: { message: "Emails can't be sent to this address yet.", field: "email" },
  email_not_confirmed: { message: "Confirm your email address first: open the link we sent when you signed up." },
  same_password: { message: "Choose a password different from your current one.", field: "password" },
  otp_expired: { message: "This link has expired or was already used. Request a new one." },
  flow_state_expired: { message: "This sign-in link has expired. Request a new one." },
  flow_state_not_found: { message: "This sign-in link was opened in a different browser or has expired. Request a new one." },
  bad_code_verifier: { message: "This sign-in link was opened in a different browser. Open it where you requested it." },
  over_email_send_rate_limit: { message: "Too many emails were sent to this address. Wait a minute, then try again." },
  over_request_rate_limit: { message: "Too many attempts. Wait a moment, then try again." },
  signup_disabled: { message: "New sign-ups are closed at the moment." },
  user_banned: { message: "This account has been suspended." },
  session_not_found: { message: "Your session has ended. Sign in again." },
  session_expired: { message: "Your session has ended. Sign in again." },
  refresh_token_not_found: { message: "Your session has ended. Sign in again." },
};

const UNREACHABLE = "We can't reach the sign-in service right now. Try again in a moment.";
const UNEXPECTED = "Something went wrong on our side. Try again in a moment.";

export function authErrorMessage(error: Pick<AuthError, "code" | "message" | "status" | "name">): ActionError {
  // The server's own words are the useful ones here: they name the rule the password broke.
  if (error.code === "weak_password" || error.code === "validation_failed") {
    return withField(error.message, error.code === "weak_password" ? "password" : undefined);
  }
  // Raised by the client itself (no `code`) when an action needs a session and there is none.
  if (error.name === "AuthSessionMissingError") return { message: MESSAGES.session_not_found.message };
  const known = error.code ? MESSAGES[error.code] : undefined;
  if (known) return withField(known.message, known.field);
  if (error.name === "AuthRetryableFetchError" || error.status === 0) return { message: UNREACHABLE };
  console.error("[auth] unexpected error", { code: error.code, status: error.status, message: error.message });
  return { message: UNEXPECTED };
}

function withField(message: string, field: Field | undefined): ActionError {
  return field ? { message, fieldErrors: { [field]: [message] } } : { message };
}
