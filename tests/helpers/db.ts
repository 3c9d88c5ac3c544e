/** Connections to the db-test cluster (tests/db/global-setup.ts starts it). */
import postgres, { type Sql } from "postgres";
import { dbPassword, dbSuperuser } from "../../supabase/local/config.ts";
import { dbTestPort } from "./ports.ts";

export function connect(options: { user?: string; database?: string; max?: number } = {}): Sql {
  return postgres({
    host: "127.0.0.1",
    port: dbTestPort,
    database: options.database ?? "postgres",
    username: options.user ?? dbSuperuser,
    password: dbPassword,
    max: options.max ?? 2,
    onnotice: () => {},
  });
}

export function databaseUrl(user = "postgres", database = "postgres"): string {
  return `postgresql://${user}:${dbPassword}@127.0.0.1:${dbTestPort}/${database}`;
}

/** Tables in `public` without row level security: must always be empty. */
export function tablesWithoutRls(sql: Sql | postgres.TransactionSql) {
  return sql<{ table: string }[]>`
    select c.relname as table
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity
    order by 1`;
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back: the database is left as it was. */
export async function rolledBack(sql: Sql, fn: (tx: postgres.TransactionSql) => Promise<void>): Promise<void> {
  await sql.begin(async (tx) => {
    await fn(tx);
    throw new Rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Rollback)) throw error;
  });
}
