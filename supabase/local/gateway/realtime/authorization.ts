/**
 * Private-channel authorization exactly as Supabase Realtime runs it (repo supabase/realtime
 * `lib/realtime/tenants/authorization.ex`): the app's RLS policies on `realtime.messages` decide.
 *
 * Read: as the privileged connection insert one probe row per extension (broadcast, presence)
 * for the sub-topic, switch to the caller's role and claims, and see which probe rows the SELECT
 * policies let through. Write: as the caller, insert a row per extension inside a savepoint; an
 * `insufficient_privilege` error (RLS WITH CHECK failure) means no write. Everything is rolled
 * back, so probes never persist and never reach the broadcast NOTIFY trigger.
 */
import postgres, { type Sql, type TransactionSql } from "postgres";
import type { Claims } from "./tokens.ts";

export type ExtensionPolicies = {
  read: boolean;
  /** null until first needed: Realtime checks write lazily, on the first send. */
  write: boolean | null;
};

export type Policies = { broadcast: ExtensionPolicies; presence: ExtensionPolicies };

export type AuthorizationContext = {
  /** The sub-topic (`room-1` for channel `realtime:room-1`): what `realtime.topic()` returns. */
  topic: string;
  claims: Claims;
  /** Request headers exposed to policies as `request.headers` (Realtime passes the x-* ones). */
  headers: Record<string, string>;
};

/** Carries a result out of `sql.begin` while forcing the transaction to roll back. */
class Rollback<T> extends Error {
  readonly value: T;
  constructor(value: T) {
    super("rollback");
    this.value = value;
  }
}

async function inRolledBackTransaction<T>(sql: Sql, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  try {
    await sql.begin(async (tx) => {
      throw new Rollback(await work(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error("unreachable: the authorization transaction was not rolled back");
}

/** The same settings PostgREST and Realtime give policies: role, topic, claims, sub, headers. */
async function actAs(tx: TransactionSql, context: AuthorizationContext): Promise<void> {
  const { claims, topic } = context;
  await tx`
    select set_config('role', ${claims.role}, true),
           set_config('realtime.topic', ${topic}, true),
           set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
           set_config('request.jwt.claim.sub', ${typeof claims.sub === "string" ? claims.sub : ""}, true),
           set_config('request.jwt.claim.role', ${claims.role}, true),
           set_config('request.headers', ${JSON.stringify(context.headers)}, true)`;
}

export async function readPolicies(sql: Sql, context: AuthorizationContext): Promise<Policies> {
  return inRolledBackTransaction(sql, async (tx) => {
    const probes = await tx<{ id: string; extension: string }[]>`
      insert into realtime.messages (topic, extension)
      values (${context.topic}, 'broadcast'), (${context.topic}, 'presence')
      returning id::text, extension`;
    const broadcastId = probes.find((row) => row.extension === "broadcast")?.id;
    const presenceId = probes.find((row) => row.extension === "presence")?.id;
    await actAs(tx, context);
    const visible = await tx<{ id: string }[]>`
      select id::text from realtime.messages
      where topic = ${context.topic}
        and ((extension = 'broadcast' and id = ${broadcastId ?? null}::uuid)
          or (extension = 'presence' and id = ${presenceId ?? null}::uuid))`;
    const seen = new Set(visible.map((row) => row.id));
    return {
      // A fresh read leaves write unknown: it is re-checked on the next send, as Realtime does
      // after a new token (the person the policies answer for may have changed).
      broadcast: { read: broadcastId !== undefined && seen.has(broadcastId), write: null },
      presence: { read: presenceId !== undefined && seen.has(presenceId), write: null },
    };
  });
}

function isInsufficientPrivilege(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === "42501";
}

export async function writePolicies(sql: Sql, context: AuthorizationContext, current: Policies | null): Promise<Policies> {
  const base: Policies = current ?? { broadcast: { read: false, write: null }, presence: { read: false, write: null } };
  return inRolledBackTransaction(sql, async (tx) => {
    await actAs(tx, context);
    const canInsert = async (extension: "broadcast" | "presence"): Promise<boolean> => {
      try {
        await tx.savepoint((sp) => sp`insert into realtime.messages (topic, extension) values (${context.topic}, ${extension})`);
        return true;
      } catch (error) {
        if (isInsufficientPrivilege(error)) return false;
        throw error;
      }
    };
    const broadcastWrite = await canInsert("broadcast");
    const presenceWrite = await canInsert("presence");
    return {
      broadcast: { read: base.broadcast.read, write: broadcastWrite },
      presence: { read: base.presence.read, write: presenceWrite },
    };
  });
}

/** An RLS / SQL error while probing means "not permitted"; anything else is an outage. */
export function isPolicyError(error: unknown): boolean {
  return error instanceof postgres.PostgresError;
}
