/**
 * POST /token?grant_type=password | refresh_token | pkce. Wrong password and unknown email get the
 * same answer, so the endpoint does not reveal which addresses have accounts.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { badRequest, unprocessable, validationFailed } from "../errors.ts";
import { consumeFlowState } from "../flow-state.ts";
import { refreshTokenGrant } from "../refresh.ts";
import { readParams, text } from "../request.ts";
import type { AuthDeps, AuthRequest, Route } from "../service-context.ts";
import { issueSession, type AccessTokenResponse } from "../sessions.ts";
import { findUserByEmail, findUserById, isBanned, isConfirmed, passwordMatches } from "../users.ts";
import { passwordWeakness } from "../validation.ts";

const invalidCredentials = () => badRequest("invalid_credentials", "Invalid login credentials");

const passwordParams = z.object({ email: text, phone: text, password: text });

async function passwordGrant(deps: AuthDeps, { req }: AuthRequest): Promise<AccessTokenResponse> {
  const body = await readParams(req, passwordParams);
  if (body.email !== "" && body.phone !== "") {
    throw unprocessable("validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (body.email === "" && body.phone === "") throw validationFailed("missing email or phone");
  if (body.email === "") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
  if (!deps.config.emailSignup) throw badRequest("email_provider_disabled", "Email logins are disabled");
  const session = await deps.db.begin(async (tx) => {
    const user = await findUserByEmail(tx, body.email);
    if (!user) throw invalidCredentials();
    if (isBanned(user)) throw badRequest("user_banned", "User is banned");
    if (!(await passwordMatches(tx, user, body.password))) throw invalidCredentials();
    if (!isConfirmed(user)) throw badRequest("email_not_confirmed", "Email not confirmed");
    return issueSession(tx, deps, user, "password", req);
  });
  // Sign-in still succeeds with a password the current rules reject; the client is told why.
  const weakness = passwordWeakness(deps.config, body.password);
  return weakness ? { ...session, weak_password: weakness } : session;
}

const refreshParams = z.object({ refresh_token: text });

async function refreshGrant(deps: AuthDeps, { req }: AuthRequest): Promise<AccessTokenResponse> {
  const body = await readParams(req, refreshParams);
  return refreshTokenGrant(deps, req, body.refresh_token);
}

const pkceParams = z.object({ auth_code: text, code_verifier: text });

async function pkceGrant(deps: AuthDeps, { req }: AuthRequest): Promise<AccessTokenResponse> {
  const body = await readParams(req, pkceParams);
  if (body.auth_code === "" || body.code_verifier === "") {
    throw validationFailed("invalid request: both auth code and code verifier should be non-empty");
  }
  return deps.db.begin(async (tx) => {
    const flow = await consumeFlowState(tx, deps.config, body.auth_code, body.code_verifier);
    const user = await findUserById(tx, flow.userId);
    if (!user) throw invalidCredentials();
    if (isBanned(user)) throw badRequest("user_banned", "User is banned");
    return issueSession(tx, deps, user, flow.method, req);
  });
}

const grants: Record<string, (deps: AuthDeps, request: AuthRequest) => Promise<AccessTokenResponse>> = {
  password: passwordGrant,
  refresh_token: refreshGrant,
  pkce: pkceGrant,
};

export const token: Route = {
  method: "POST",
  path: "/token",
  async handle(deps, request) {
    const type = request.url.searchParams.get("grant_type") ?? "";
    if (!Object.hasOwn(grants, type)) throw badRequest("invalid_credentials", "unsupported_grant_type");
    sendJson(request.res, 200, await grants[type](deps, request));
  },
};
