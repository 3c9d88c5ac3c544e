/**
 * Applies supabase/migrations/*.sql in version order, each exactly once and in its own
 * transaction, recording it in supabase_migrations.schema_migrations as the Supabase CLI does
 * (version, name, statements). Runs as `postgres`, which — as on hosted Supabase — is not a
 * superuser. A failing migration stops everything with its file, line and the Postgres error.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql } from "postgres";
import { splitStatements } from "./sql-statements.ts";

const fileName = /^(\d{14})_(.+)\.sql$/;

export class MigrationError extends Error {}

export type MigrationResult = { applied: string[]; skipped: number };

export async function migrate(sql: Sql, migrationsDir: string): Promise<MigrationResult> {
  await sql.unsafe(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text not null primary key, statements text[], name text
    );
  `);
  const done = new Set(
    (await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map((r) => r.version),
  );
  const files = (await readdir(migrationsDir).catch(() => [] as string[])).filter((f) => f.endsWith(".sql")).sort();
  const applied: string[] = [];
  for (const file of files) {
    const match = fileName.exec(file);
    if (!match) throw new MigrationError(`${file}: migration files must be named YYYYMMDDHHmmss_name.sql`);
    const [, version, name] = match;
    if (done.has(version)) continue;
    const script = await readFile(path.join(migrationsDir, file), "utf8");
    const statements = splitStatements(script);
    await sql.begin(async (tx) => {
      for (const statement of statements) {
        try {
          await tx.unsafe(statement);
        } catch (error) {
          throw new MigrationError(describeFailure(file, script, statement, error));
        }
      }
      await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
               values (${version}, ${name}, ${statements})`;
    });
    applied.push(file);
  }
  return { applied, skipped: done.size };
}

function describeFailure(file: string, script: string, statement: string, error: unknown): string {
  const pg = error as { message?: string; position?: string; detail?: string; hint?: string };
  const offset = script.indexOf(statement) + Math.max(0, Number(pg.position ?? 1) - 1);
  const line = script.slice(0, offset).split("\n").length;
  return [
    `Migration ${file} failed at line ${line}: ${pg.message ?? String(error)}`,
    pg.detail ? `  detail: ${pg.detail}` : "",
    pg.hint ? `  hint: ${pg.hint}` : "",
  ].filter(Boolean).join("\n");
}
