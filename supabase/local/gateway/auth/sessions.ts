/**
 * Sessions, refresh tokens and access tokens as GoTrue issues them: one auth.sessions row per
 * sign-in, an opaque 12-character refresh token per rotation (each child names its parent), the
 * authentication methods in auth.mfa_amr_claims, and an ES256 access token carrying GoTrue's claims.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { signAccessToken } from "../jwt.ts";
import { clientIp, userAgent } from "./request.ts";
import type { AuthDeps } from "./service-context.ts";
import { identitiesOf, instanceId, userJson, type Tx, type UserJson, type UserRow } from "./users.ts";

/** How the session was authenticated (GoTrue's models.AuthenticationMethod names). */
export type AuthMethod = "password" | "otp" | "magiclink" | "recovery" | "invite" | "email/signup" | "email_change";

export type SessionRow = {
  id: string;
  user_id: string;
  created_at: Date;
  updated_at: Date;
  aal: string | null;
  not_after: Date | null;
  refreshed_at: Date | null;
};

export type RefreshTokenRow = {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  created_at: Date;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
};

export type AccessTokenResponse = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: UserJson;
  weak_password?: { message: string; reasons: string[] };
};

const alphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";

/** GoTrue's crypto.SecureAlphanumeric(12). */
function newRefreshTokenValue(): string {
  let token = "";
  for (let i = 0; i < 12; i++) token += alphanumeric[randomInt(alphanumeric.length)];
  return token;
}

export async function insertRefreshToken(tx: Tx, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshTokenValue();
  await tx`
    insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values (${instanceId}, ${token}, ${userId}, false, now(), now(), ${parent}, ${sessionId})`;
  return token;
}

async function amrOf(tx: Tx, sessionId: string): Promise<{ method: string; timestamp: number }[]> {
  const rows = await tx<{ authentication_method: string; updated_at: Date }[]>`
    select authentication_method, updated_at from auth.mfa_amr_claims where session_id = ${sessionId} order by updated_at desc`;
  return rows.map((row) => ({ method: row.authentication_method, timestamp: Math.floor(row.updated_at.getTime() / 1000) }));
}

/** Signs the access token for `user` in `session` and builds the AccessTokenResponse body. */
export async function tokenResponse(
  tx: Tx, deps: AuthDeps, user: UserRow, sessionId: string, refreshToken: string,
): Promise<AccessTokenResponse> {
  const [session] = await tx<SessionRow[]>`select * from auth.sessions where id = ${sessionId}`;
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + deps.config.jwtExpiry;
  const accessToken = await signAccessToken({
    iss: deps.externalUrl,
    sub: user.id,
    aud: user.aud ?? "",
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: session.aal ?? "aal1",
    amr: await amrOf(tx, sessionId),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  });
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: deps.config.jwtExpiry,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user, await identitiesOf(tx, user.id)),
  };
}

/** A new sign-in: session, its first refresh token, the method in the amr, last_sign_in_at. */
export async function issueSession(tx: Tx, deps: AuthDeps, user: UserRow, method: AuthMethod, req: IncomingMessage): Promise<AccessTokenResponse> {
  const sessionId = randomUUID();
  await tx`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
    values (${sessionId}, ${user.id}, now(), now(), 'aal1', ${userAgent(req)}, ${clientIp(req)})`;
  await tx`
    insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
    values (${sessionId}, now(), now(), ${method}, ${randomUUID()})`;
  const refreshToken = await insertRefreshToken(tx, user.id, sessionId, null);
  const [signedIn] = await tx<UserRow[]>`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${user.id} returning *`;
  await tx`update auth.identities set last_sign_in_at = now() where user_id = ${user.id} and provider = 'email'`;
  return tokenResponse(tx, deps, signedIn, sessionId, refreshToken);
}

export type LogoutScope = "global" | "local" | "others";

/** GoTrue deletes sessions on logout (their refresh tokens and amr claims go with them). */
export async function logout(tx: Tx, userId: string, sessionId: string | null, scope: LogoutScope): Promise<void> {
  if (sessionId && scope === "local") await tx`delete from auth.sessions where id = ${sessionId}`;
  else if (sessionId && scope === "others") await tx`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  else await tx`delete from auth.sessions where user_id = ${userId}`;
}
