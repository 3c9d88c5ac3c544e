/**
 * Token checks with Supabase Realtime's own wording, so a client's error handling sees the same
 * reasons locally as against the hosted service (repo supabase/realtime
 * `channels_authorization.ex`, `user_socket.ex`, `realtime_channel.ex`).
 */
import { decodeJwt, type JWTPayload } from "jose";
import { TokenError, verifyToken } from "../jwt.ts";
import { jwtForKeyRole, roleOfApiKey } from "../keys.ts";

/** Claims Realtime insists on: `role` (the Postgres role policies run as) and `exp`. */
export type Claims = JWTPayload & { role: string; exp: number; sub?: string };

export type TokenProblem = "expired" | "missing_claims" | "malformed" | "signature";

export type TokenCheck =
  | { ok: true; claims: Claims }
  | { ok: false; problem: TokenProblem; code: string; message: string };

function tryDecode(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

function problem(kind: TokenProblem, detail?: number): TokenCheck {
  switch (kind) {
    case "expired":
      return { ok: false, problem: kind, code: "InvalidJWTToken", message: `Token has expired ${detail ?? 0} seconds ago` };
    case "missing_claims":
      return { ok: false, problem: kind, code: "InvalidJWTToken", message: "Fields `role` and `exp` are required in JWT" };
    case "malformed":
      return { ok: false, problem: kind, code: "MalformedJWT", message: "The token provided is not a valid JWT" };
    case "signature":
      return { ok: false, problem: kind, code: "JwtSignatureError", message: "Failed to validate JWT signature" };
  }
}

/** Verifies a user JWT or legacy key JWT and tells apart the failures Realtime reports differently. */
export async function checkToken(token: string): Promise<TokenCheck> {
  try {
    const { claims } = await verifyToken(token.trim());
    if (typeof claims.role !== "string" || typeof claims.exp !== "number") return problem("missing_claims");
    return { ok: true, claims: claims as Claims };
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    // verifyToken only says "invalid"; decoding (already known to be unverified) splits a token
    // that is not a JWT at all from one whose signature or key is wrong, as Realtime does.
    const decoded = tryDecode(token.trim());
    if (error.expired) {
      const exp = typeof decoded?.exp === "number" ? decoded.exp : Math.floor(Date.now() / 1000);
      return problem("expired", Math.max(0, Math.floor(Date.now() / 1000) - exp));
    }
    if (!decoded) return problem("malformed");
    if (typeof decoded.exp !== "number" || typeof decoded.role !== "string") return problem("missing_claims");
    return problem("signature");
  }
}

/** Milliseconds until the token stops being valid (never negative). */
export function msUntilExpiry(claims: Claims): number {
  return Math.max(0, claims.exp * 1000 - Date.now());
}

export type SocketAuth =
  | { ok: true; token: string; claims: Claims }
  | { ok: false; status: number; message: string };

/**
 * The socket's own credential. The CLI's Kong swaps a publishable / secret key in `apikey` for
 * the anon / service_role JWT before Realtime sees it; any other value must itself be a JWT
 * (legacy key or user token), exactly what Realtime's `connect/3` accepts.
 */
export async function authenticateSocket(apikey: string | undefined): Promise<SocketAuth> {
  if (!apikey) return { ok: false, status: 401, message: "API key is missing" };
  const keyRole = roleOfApiKey(apikey);
  const token = keyRole ? jwtForKeyRole(keyRole) : apikey;
  const check = await checkToken(token);
  if (check.ok) return { ok: true, token, claims: check.claims };
  const messages: Record<TokenProblem, string> = {
    expired: "Token has expired",
    missing_claims: "Fields `role` and `exp` are required in JWT",
    malformed: "The token provided is not a valid JWT",
    signature: "Failed to validate JWT signature",
  };
  return { ok: false, status: 401, message: messages[check.problem] };
}
