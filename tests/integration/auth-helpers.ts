/** Shared by the auth suites: raw calls to /auth/v1 and what a request left in the database. */
import type { Sql } from "postgres";
import { gatewayUrl, publishableKey } from "../helpers/local-stack.ts";

export const authUrl = `${gatewayUrl}/auth/v1`;

/** Headers auth-js sends, minus the client info: apikey + the 2024-01-01 error format. */
export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    apikey: publishableKey,
    authorization: `Bearer ${publishableKey}`,
    "content-type": "application/json;charset=UTF-8",
    "x-supabase-api-version": "2024-01-01",
    ...extra,
  };
}

export async function postAuth(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${authUrl}${path}`, {
    method: "POST",
    headers: authHeaders(extra),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Everything in the auth schema (and the outbox) that belongs to one email address. */
export async function footprint(sql: Sql, email: string) {
  const [row] = await sql<Record<string, number>[]>`
    with u as (select id from auth.users where lower(email) = lower(${email}))
    select
      (select count(*)::int from u) as users,
      (select count(*)::int from auth.identities where user_id in (select id from u) or lower(identity_data ->> 'email') = lower(${email})) as identities,
      (select count(*)::int from auth.sessions where user_id in (select id from u)) as sessions,
      (select count(*)::int from auth.refresh_tokens where user_id in (select id::text from u)) as refresh_tokens,
      (select count(*)::int from auth.one_time_tokens where user_id in (select id from u)) as one_time_tokens,
      (select count(*)::int from auth.flow_state where user_id in (select id from u)) as flow_states,
      (select count(*)::int from local_dev.outbox where recipient = lower(${email})) as emails`;
  return row;
}
