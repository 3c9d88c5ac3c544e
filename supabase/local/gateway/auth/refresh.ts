/**
 * The refresh_token grant with GoTrue's rotation rules. Each use revokes the token and issues a
 * child. A revoked token is still accepted when it is the parent of the session's active token (the
 * client lost the last response: it gets that active token back) or was revoked less than
 * `refresh_token_reuse_interval` seconds ago (concurrent refreshes). Any other reuse is treated as
 * theft: every token of the session is revoked and the caller gets refresh_token_already_used.
 */
import type { IncomingMessage } from "node:http";
import { badRequest, OAuthError } from "./errors.ts";
import { clientIp, userAgent } from "./request.ts";
import type { AuthDeps } from "./service-context.ts";
import { insertRefreshToken, tokenResponse, type AccessTokenResponse, type RefreshTokenRow, type SessionRow } from "./sessions.ts";
import { findUserById, isBanned } from "./users.ts";

export async function refreshTokenGrant(deps: AuthDeps, req: IncomingMessage, refreshToken: string): Promise<AccessTokenResponse> {
  if (refreshToken === "") throw new OAuthError("invalid_request", "refresh_token required");
  const response = await deps.db.begin(async (tx) => {
    // Row locks serialize concurrent refreshes of one session, as GoTrue's SELECT … FOR UPDATE does.
    const [token] = await tx<RefreshTokenRow[]>`select * from auth.refresh_tokens where token = ${refreshToken} for update`;
    if (!token) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    const user = await findUserById(tx, token.user_id);
    if (!user) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (isBanned(user)) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");
    const [session] = token.session_id
      ? await tx<SessionRow[]>`select * from auth.sessions where id = ${token.session_id} for update`
      : [];
    if (!session) throw badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found");
    if (session.not_after && session.not_after.getTime() < Date.now()) {
      throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
    }

    let issued: string | undefined;
    if (token.revoked) {
      const [active] = await tx<RefreshTokenRow[]>`
        select * from auth.refresh_tokens where session_id = ${session.id} and revoked = false order by id desc limit 1`;
      if (active && active.parent === token.token) {
        issued = active.token;
      } else if (Date.now() > token.updated_at.getTime() + deps.config.refreshTokenReuseInterval * 1000) {
        if (deps.config.refreshTokenRotation) {
          await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = ${session.id} and revoked = false`;
        }
        return undefined;
      }
    }
    if (!issued) {
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id}`;
      issued = await insertRefreshToken(tx, user.id, session.id, token.token);
    }
    await tx`
      update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = ${userAgent(req)}, ip = ${clientIp(req)}
      where id = ${session.id}`;
    return tokenResponse(tx, deps, user, session.id, issued);
  });
  // The revocation above is committed on purpose before the error is reported.
  if (!response) throw badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
  return response;
}
