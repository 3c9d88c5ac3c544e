/**
 * Acting as someone inside a test transaction exactly as lib/db/client.ts and PostgREST do: the
 * role and `request.jwt.claims` set locally, so the real policies decide.
 *
 * A trial is a transaction that is always rolled back, so tests never see each other's writes.
 * Each attempt runs in a savepoint (a refused statement leaves the trial usable); between
 * attempts the trial is back on the superuser connection, which ignores RLS, so it can check
 * what really changed.
 */
import postgres, { type Sql, type TransactionSql } from "postgres";
import { expect } from "vitest";
import { rolledBack } from "./db.ts";

export type Person = { id: string; email: string };

/** A database role plus the JWT claims PostgREST would set for the request (`null`: none). */
export type Caller = { role: "authenticated" | "anon" | "service_role" | "postgres"; claims: Record<string, unknown> | null };

export function claimsOf(person: Person): Record<string, unknown> {
  return { sub: person.id, role: "authenticated", aud: "authenticated", email: person.email };
}

/** A signed-in user; pass other claims to model an odd token (no email, a stale session…). */
export function user(person: Person, claims = claimsOf(person)): Caller {
  return { role: "authenticated", claims };
}

export const anon: Caller = { role: "anon", claims: { role: "anon" } };
export const serviceRole: Caller = { role: "service_role", claims: { role: "service_role" } };
/** The role migrations run as, which owns the tables: not a superuser, but RLS does not bind it. */
export const tableOwner: Caller = { role: "postgres", claims: null };

export async function actAs(tx: TransactionSql, who: Person | Caller): Promise<void> {
  const caller = "id" in who ? user(who) : who;
  const claims = caller.claims ? JSON.stringify(caller.claims) : "";
  await tx`select set_config('role', ${caller.role}, true), set_config('request.jwt.claims', ${claims}, true)`;
}

async function backToSuperuser(tx: TransactionSql): Promise<void> {
  await tx`select set_config('role', 'none', true), set_config('request.jwt.claims', '', true)`;
}

/** What an attempt did: rows returned or affected, or the error Postgres raised. */
export type Outcome<T extends readonly postgres.Row[] = postgres.Row[]> =
  | { ok: true; count: number; rows: postgres.RowList<T> }
  | { ok: false; code: string; message: string; constraint?: string };

export const tenancyTables = ["organizations", "memberships", "invitations", "audit_log"] as const;

export class Trial {
  readonly tx: TransactionSql;

  constructor(tx: TransactionSql) {
    this.tx = tx;
  }

  async as<T extends readonly postgres.Row[]>(who: Person | Caller, statement: (tx: TransactionSql) => Promise<postgres.RowList<T>>): Promise<Outcome<T>> {
    await actAs(this.tx, who);
    try {
      let result: postgres.RowList<T> | undefined;
      await this.tx.savepoint(async (sp) => {
        result = await statement(sp);
      });
      if (!result) throw new Error("the statement returned nothing");
      return { ok: true, count: result.count, rows: result };
    } catch (error) {
      if (!(error instanceof postgres.PostgresError)) throw error;
      return { ok: false, code: error.code, message: error.message, constraint: error.constraint_name };
    } finally {
      await backToSuperuser(this.tx);
    }
  }

  /** md5 of each table's ordered rows, read as the superuser: equal fingerprints, same contents. */
  async fingerprint(tables: readonly string[] = tenancyTables): Promise<Record<string, string>> {
    const prints: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await this.tx<{ fp: string }[]>`
        select md5(coalesce(string_agg(t::text, e'\n' order by t::text), '')) as fp from ${this.tx(`public.${table}`)} t`;
      prints[table] = row.fp;
    }
    return prints;
  }

  /**
   * Asserts the database refused: an error with SQLSTATE `expected`, or for `"no rows"` a
   * statement that matched nothing it was allowed to touch. Either way no table may change.
   */
  async expectRefused<T extends readonly postgres.Row[]>(who: Person | Caller, statement: (tx: TransactionSql) => Promise<postgres.RowList<T>>, expected: string): Promise<Outcome<T>> {
    const before = await this.fingerprint();
    const outcome = await this.as(who, statement);
    if (expected === "no rows") expect(outcome).toMatchObject({ ok: true, count: 0 });
    else expect(outcome).toMatchObject({ ok: false, code: expected });
    expect(await this.fingerprint(), "a refused attempt changed nothing").toEqual(before);
    return outcome;
  }

  /** Asserts the attempt succeeded and returns its rows (with `count`, rows affected). */
  async expectAllowed<T extends readonly postgres.Row[]>(who: Person | Caller, statement: (tx: TransactionSql) => Promise<postgres.RowList<T>>): Promise<postgres.RowList<T>> {
    const outcome = await this.as(who, statement);
    if (!outcome.ok) expect.fail(`refused with ${outcome.code}: ${outcome.message}`);
    return outcome.rows;
  }
}

/** Runs `fn` in a transaction that is always rolled back. */
export async function trial(sql: Sql, fn: (t: Trial) => Promise<unknown>): Promise<void> {
  await rolledBack(sql, async (tx) => {
    await fn(new Trial(tx));
  });
}
