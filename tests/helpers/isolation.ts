/** The catalog queries and statements behind the isolation matrix (tests/db/isolation-matrix.test.ts). */
import type postgres from "postgres";
import type { Sql, TransactionSql } from "postgres";
import type { Outcome } from "./acting.ts";
import type { Command, RowValues, Values } from "./access-spec.ts";

/** A tenant table and the column naming its organization. */
export type TenantTable = { table: string; key: string };

/** Tables (partitioned parents included, partitions not) in `public` with `org_id`, plus organizations. */
export function tenantTables(sql: Sql | TransactionSql): Promise<TenantTable[]> {
  return sql<TenantTable[]>`
    select c.relname as table, case when c.relname = 'organizations' then 'id' else 'org_id' end as key
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and (c.relname = 'organizations' or exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped))
    order by 1`;
}

/** Every other relation in `public` (tables without org_id, views, materialized views…). */
export function untenantedRelations(sql: Sql | TransactionSql): Promise<{ name: string; kind: string }[]> {
  return sql<{ name: string; kind: string }[]>`
    select c.relname as name, c.relkind::text as kind
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition
      and c.relname <> 'organizations'
      and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
    order by 1`;
}

export function publicTables(sql: Sql | TransactionSql): Promise<{ table: string; column: string }[]> {
  return sql<{ table: string; column: string }[]>`
    select c.relname as table,
      -- Any column an update may name (identity and generated ones fail before privileges are checked).
      (select a.attname from pg_attribute a
       where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
       order by a.attnum limit 1) as column
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by 1`;
}

/** `a = $1 and b = $2 …` */
export function whereAll(tx: TransactionSql, values: Values): postgres.PendingQuery<postgres.Row[]> {
  const [first, ...rest] = Object.entries(values).map(([column, value]) => tx`${tx(column)} = ${value}`);
  return rest.reduce((all, next) => tx`${all} and ${next}`, first);
}

export type Attempt = { command: Command; key: string; orgId: string; target: Values; candidate: RowValues; change: Values };

/** The statement one cell runs: select reads the whole org, update and delete aim at the target. */
export function statement(tx: TransactionSql, table: string, attempt: Attempt): postgres.PendingQuery<postgres.Row[]> {
  const from = tx(`public.${table}`);
  switch (attempt.command) {
    case "select":
      // Rows seen, not columns: some tables keep a column from people (a webhook's signing secret).
      return tx`select 1 as seen from ${from} where ${tx(attempt.key)} = ${attempt.orgId}`;
    case "insert":
      return tx`insert into ${from} ${tx(attempt.candidate)}`;
    case "update":
      return tx`update ${from} set ${tx(attempt.change)} where ${whereAll(tx, attempt.target)}`;
    case "delete":
      return tx`delete from ${from} where ${whereAll(tx, attempt.target)}`;
  }
}

/** Short form for the printed matrix: rows seen or affected, or why it was refused. */
export function label(outcome: Outcome): string {
  if (outcome.ok) return String(outcome.count);
  if (outcome.code === "42501") return /row-level security/.test(outcome.message) ? "rls" : "denied";
  return outcome.code;
}
