/**
 * /auth/v1: a GoTrue (Supabase Auth) stand-in speaking the wire format auth-js expects, behind
 * the same API-key gate Kong puts in front of it. Users, sessions and tokens live in the `auth`
 * schema, written as supabase_auth_admin so triggers on auth.users behave as in production.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayContext, HttpService } from "../context.ts";
import { apiGateway } from "./api-keys.ts";
import { loadAuthConfig } from "./config.ts";
import { AuthError, OAuthError, sendAuthError, unexpectedFailure } from "./errors.ts";
import { createUserRoute, deleteUserRoute, getUserRoute, listUsers, updateUserRoute } from "./routes/admin-users.ts";
import { generateLink, invite } from "./routes/invite-and-links.ts";
import { logout } from "./routes/logout.ts";
import { authorize, callback, health, jwksRoute, settings } from "./routes/meta.ts";
import { otp } from "./routes/otp.ts";
import { recover } from "./routes/recover.ts";
import { resend } from "./routes/resend.ts";
import { signup } from "./routes/signup.ts";
import { token } from "./routes/token.ts";
import { getUser, updateUser } from "./routes/user.ts";
import { verifyGet, verifyPost } from "./routes/verify.ts";
import type { AuthDeps, Route } from "./service-context.ts";

const routes: Route[] = [
  signup, token, otp, recover, resend, verifyGet, verifyPost, getUser, updateUser, logout,
  health, settings, jwksRoute, authorize, callback,
  listUsers, createUserRoute, getUserRoute, updateUserRoute, deleteUserRoute, generateLink, invite,
];

/** Paths the gateway routes to Auth without an API key: email links, OAuth redirects, the JWKS. */
const openPaths = new Set(routes.filter((route) => route.withoutApiKey).map((route) => route.path));

/** Each route's path as a regular expression, `{name}` segments captured by name. */
const compiled = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}/?$`),
}));

function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern } of compiled) {
    const found = route.method === method ? pattern.exec(path) : null;
    if (found) return { route, params: { ...found.groups } };
  }
  return undefined;
}

export function createAuthService(ctx: GatewayContext): HttpService {
  const deps: AuthDeps = {
    config: loadAuthConfig(ctx.siteUrl),
    db: ctx.db("supabase_auth_admin"),
    externalUrl: `${ctx.gatewayUrl}/auth/v1`,
    log: (message) => ctx.log("auth", message),
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const verdict = apiGateway(req, res, !openPaths.has(path.replace(/\/$/, "")));
    if (!verdict.allowed) return;
    const url = new URL(req.url ?? "/", "http://gateway");
    const found = match(req.method ?? "GET", path);
    try {
      if (!found) throw new AuthError(404, "not_found", "Not Found");
      await found.route.handle(deps, { req, res, url, params: found.params, authorization: verdict.authorization });
    } catch (error) {
      if (error instanceof AuthError || error instanceof OAuthError) return sendAuthError(req, res, error);
      ctx.log("auth", `${req.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) res.destroy();
      else sendAuthError(req, res, unexpectedFailure());
    }
  }

  return {
    handle,
    async close() {},
  };
}
