/** The app's one database pool, created on first use from DATABASE_URL. */
import "server-only";
import { serverEnv } from "@/lib/env";
import { createDb, type Db } from "./client";

export type { Db, Tx, UserClaims } from "./client";
export { NotAuthenticatedError } from "./client";

// Kept on globalThis so hot reloads in development reuse the pool instead of leaking one each time.
const holder = globalThis as typeof globalThis & { spendguardDb?: Db };

export function db(): Db {
  holder.spendguardDb ??= createDb(serverEnv().DATABASE_URL);
  return holder.spendguardDb;
}

export const withUser: Db["withUser"] = (claims, fn) => db().withUser(claims, fn);
export const withService: Db["withService"] = (fn) => db().withService(fn);
