/** The `anon` role (a request with only the publishable key) gets nothing from `public`, even with forged claims. */
import { afterAll, describe, expect, it } from "vitest";
import { anon, trial, type Caller } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { publicTables } from "../helpers/isolation.ts";

const sql = connect();
const tables = await publicTables(sql);

afterAll(() => sql.end());

// Policies never name anon; a sub claim must not turn an anonymous request into that user.
const anonClaimingAUser: Caller = { role: "anon", claims: { role: "anon", sub: "00000000-0000-4000-8000-000000000001" } };

describe("anon", () => {
  it.each(tables)("is refused every command on public.$table", async ({ table, column }) => {
    await trial(sql, async (t) => {
      for (const who of [anon, anonClaimingAUser]) {
        const from = t.tx(`public.${table}`);
        await t.expectRefused(who, (tx) => tx`select * from ${from}`, "42501");
        await t.expectRefused(who, (tx) => tx`insert into ${from} default values`, "42501");
        await t.expectRefused(who, (tx) => tx`update ${from} set ${tx(column)} = ${tx(column)}`, "42501");
        await t.expectRefused(who, (tx) => tx`delete from ${from}`, "42501");
      }
    });
  });

  it("holds no privilege on any relation or sequence in public, nor on the private schema or its functions", async () => {
    const granted = await sql<{ object: string }[]>`
      select c.relname as object
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and (
        case when c.relkind = 'S' then has_sequence_privilege('anon', c.oid, 'usage, select, update')
        else has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate, references, trigger')
          or has_any_column_privilege('anon', c.oid, 'select, insert, update, references') end)
      union all
      select p.oid::regprocedure::text
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'private' and has_function_privilege('anon', p.oid, 'execute')`;
    expect(granted).toEqual([]);
    const [{ usage }] = await sql<{ usage: boolean }[]>`select has_schema_privilege('anon', 'private', 'usage') as usage`;
    expect(usage).toBe(false);
  });
});
