/**
 * PKCE (RFC 7636) as GoTrue runs it for emailed links: the client's code challenge is stored in
 * auth.flow_state when the email is requested; verifying the link hands out the flow's auth code;
 * POST /token?grant_type=pkce trades that code plus the verifier for a session, once.
 */
import { createHash, randomUUID } from "node:crypto";
import type { AuthConfig } from "./config.ts";
import { AuthError, badRequest, notFound, validationFailed } from "./errors.ts";
import type { AuthMethod } from "./sessions.ts";
import type { Tx } from "./users.ts";

export type Pkce = { challenge: string; method: "s256" | "plain" };

type FlowStateRow = {
  id: string;
  user_id: string | null;
  auth_code: string;
  code_challenge_method: string;
  code_challenge: string;
  authentication_method: string;
  auth_code_issued_at: Date | null;
  created_at: Date;
};

/** The PKCE parameters of a request, or null for the implicit flow (neither was sent). */
export function pkceParams(challenge: string, method: string): Pkce | null {
  if (challenge === "" && method === "") return null;
  if (challenge === "" || method === "") throw validationFailed("PKCE flow requires code_challenge_method and code_challenge");
  const normalized = method.toLowerCase();
  if (normalized !== "s256" && normalized !== "plain") throw validationFailed(`unsupported code_challenge_method, must be "s256" or "plain"`);
  if (challenge.length < 43 || challenge.length > 128) throw validationFailed("code challenge has to be between 43 and 128 characters");
  return { challenge, method: normalized };
}

export async function createFlowState(tx: Tx, userId: string, pkce: Pkce, providerType: string, method: AuthMethod): Promise<void> {
  await tx`
    insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type, authentication_method, created_at, updated_at)
    values (${randomUUID()}, ${userId}, ${randomUUID()}, ${pkce.method}, ${pkce.challenge}, ${providerType}, ${method}, now(), now())`;
}

/** A verified PKCE link: the newest flow of that kind for the user gets its auth code issued. */
export async function issueAuthCode(tx: Tx, userId: string, method: AuthMethod): Promise<string> {
  const [flow] = await tx<FlowStateRow[]>`
    update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
    where id = (select id from auth.flow_state where user_id = ${userId} and authentication_method = ${method} order by created_at desc limit 1)
    returning *`;
  if (!flow) throw badRequest("flow_state_not_found", "No associated flow state found. Flow state not found");
  return flow.auth_code;
}

function challengeOf(verifier: string, method: string): string {
  return method === "s256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
}

/** Consumes the flow of `authCode` if `verifier` matches its challenge; returns its user and method. */
export async function consumeFlowState(
  tx: Tx, config: AuthConfig, authCode: string, verifier: string,
): Promise<{ userId: string; method: AuthMethod }> {
  const [flow] = await tx<FlowStateRow[]>`select * from auth.flow_state where auth_code = ${authCode} for update`;
  if (!flow || !flow.user_id) throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
  const issuedAt = flow.auth_code_issued_at ?? flow.created_at;
  if (Date.now() > issuedAt.getTime() + config.flowStateExpiry * 1000) {
    throw new AuthError(422, "flow_state_expired", "invalid flow state, flow state has expired");
  }
  if (challengeOf(verifier, flow.code_challenge_method) !== flow.code_challenge) {
    throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
  }
  await tx`delete from auth.flow_state where id = ${flow.id}`;
  return { userId: flow.user_id, method: flow.authentication_method as AuthMethod };
}
