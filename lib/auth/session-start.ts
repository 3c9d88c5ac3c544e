/**
 * How and when the current session began, read from the token's `amr` claim (the methods used
 * to sign in, with times). Older or custom tokens may carry bare method names without times.
 */
import type { JwtPayload } from "@supabase/supabase-js";

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  otp: "Email link",
  magiclink: "Email link",
  recovery: "Password-reset link",
  email_signup: "Sign-up",
  oauth: "Single sign-on",
  sso_saml: "Single sign-on",
};

export type SessionStart = { method: string; at: Date | null };

export function sessionStart(claims: JwtPayload): SessionStart | null {
  const entries = (claims.amr ?? []).map((entry) =>
    typeof entry === "string" ? { method: entry, timestamp: null } : { method: entry.method, timestamp: entry.timestamp },
  );
  // The oldest entry started the session; later ones are step-ups such as MFA. Auth lists the
  // newest first, so pick by time rather than by position.
  const first = entries.reduce<(typeof entries)[number] | undefined>(
    (oldest, entry) => (!oldest || (entry.timestamp ?? Infinity) < (oldest.timestamp ?? Infinity) ? entry : oldest),
    undefined,
  );
  if (!first) return null;
  return {
    method: METHOD_LABELS[first.method] ?? first.method,
    at: first.timestamp === null ? null : new Date(first.timestamp * 1000),
  };
}
