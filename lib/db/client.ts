/**
 * Database access for server code (DESIGN §9): SQL through postgres.js, never PostgREST.
 * `withUser` runs a transaction exactly as PostgREST would for that user — role
 * `authenticated` and `request.jwt.claims` set locally — so the same RLS policies decide.
 * `withService` runs as `service_role` for jobs and API-key requests that have no user.
 */
import postgres, { type Sql, type TransactionSql } from "postgres";

export type Tx = TransactionSql;

/** Verified access-token claims (from `getClaims()`); only `sub` and `role` are required. */
export type UserClaims = { sub: string; role: string; [claim: string]: unknown };

export type Db = {
  sql: Sql;
  withUser<T>(claims: UserClaims, fn: (tx: Tx) => Promise<T>): Promise<T>;
  withService<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
};

export class NotAuthenticatedError extends Error {}

export function createDb(url: string, options: { max?: number } = {}): Db {
  // prepare: false — Supabase's pooler in transaction mode cannot keep prepared statements.
  const sql = postgres(url, { prepare: false, max: options.max ?? 10, idle_timeout: 20, onnotice: () => {} });

  async function asRole<T>(role: "authenticated" | "service_role", claims: object, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await sql.begin(async (tx) => {
      await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      return fn(tx);
    });
    return result as T;
  }

  return {
    sql,
    withUser(claims, fn) {
      // The role comes from us, never from the token: a user token can only ever act as a user.
      if (claims.role !== "authenticated" || !claims.sub) {
        return Promise.reject(new NotAuthenticatedError("withUser needs the claims of a signed-in user"));
      }
      return asRole("authenticated", claims, fn);
    },
    withService(fn) {
      return asRole("service_role", { role: "service_role" }, fn);
    },
  };
}
