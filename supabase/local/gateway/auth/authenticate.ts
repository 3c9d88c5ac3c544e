/**
 * GoTrue's guards: `requireAuthentication` (a user's access token whose user and session still
 * exist) and `requireAdminCredentials` (a token whose role is an admin role, i.e. service_role).
 */
import { TokenError, verifyToken, type VerifiedToken } from "../jwt.ts";
import { AuthError, badRequest, forbidden } from "./errors.ts";
import type { SessionRow } from "./sessions.ts";
import { findUserById, type Tx, type UserRow } from "./users.ts";

export type Claims = VerifiedToken["claims"];

const bearer = /^(?:B|b)earer (\S+)$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const adminRoles = ["service_role"];

async function parseBearer(authorization: string | undefined): Promise<Claims> {
  const token = bearer.exec(authorization ?? "")?.[1];
  if (!token) throw new AuthError(401, "no_authorization", "This endpoint requires a Bearer token");
  try {
    return (await verifyToken(token)).claims;
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    // GoTrue prefixes the JWT library's reason; golang-jwt words expiry this way.
    const reason = error.expired ? "token has invalid claims: token is expired" : error.message.replace(/^invalid JWT: unable to parse or verify signature,?\s*/, "");
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason || "token signature is invalid"}`);
  }
}

export type Authenticated = { claims: Claims; user: UserRow; session: SessionRow | null };

export async function requireUser(tx: Tx, authorization: string | undefined): Promise<Authenticated> {
  const claims = await parseBearer(authorization);
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!uuid.test(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(tx, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  const sessionId = typeof claims.session_id === "string" ? claims.session_id : "";
  if (!sessionId || sessionId === "00000000-0000-0000-0000-000000000000") return { claims, user, session: null };
  if (!uuid.test(sessionId)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
  const [session] = await tx<SessionRow[]>`select * from auth.sessions where id = ${sessionId}`;
  if (!session) throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  return { claims, user, session };
}

export async function requireAdmin(authorization: string | undefined): Promise<Claims> {
  const claims = await parseBearer(authorization);
  if (!claims.role || !adminRoles.includes(claims.role)) throw forbidden("not_admin", "User not allowed");
  return claims;
}
