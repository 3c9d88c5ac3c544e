import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "postgres";
import { bootstrap } from "../../supabase/local/bootstrap.ts";
import { migrate, MigrationError } from "../../supabase/local/migrate.ts";
import { connect } from "../helpers/db.ts";

const migrationsDir = path.resolve("supabase/migrations");

describe("migrations", () => {
  const database = `empty_${Date.now().toString(36)}`;
  let admin: Sql;
  let superuserInDb: Sql;
  let owner: Sql;

  beforeAll(async () => {
    admin = connect();
    await admin.unsafe(`create database ${database} owner supabase_admin`);
    superuserInDb = connect({ database });
    await bootstrap(superuserInDb);
    owner = connect({ user: "postgres", database });
  });

  afterAll(async () => {
    await owner.end();
    await superuserInDb.end();
    await admin.unsafe(`drop database ${database} with (force)`);
    await admin.end();
  });

  it("apply to an empty database, each recorded like the Supabase CLI, and only once", async () => {
    const files = (await readdir(migrationsDir)).filter((f) => f.endsWith(".sql")).sort();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(owner, migrationsDir);
    expect(first.applied).toEqual(files);

    const recorded = await owner<{ version: string; name: string; statements: string[] }[]>`
      select version, name, statements from supabase_migrations.schema_migrations order by version`;
    expect(recorded.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files);
    for (const row of recorded) expect(row.statements.length).toBeGreaterThan(0);

    const second = await migrate(owner, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toBe(files.length);
  });

  it("run as `postgres`, which is not a superuser, as on hosted Supabase", async () => {
    const [role] = await owner<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = current_user`;
    expect(role.rolsuper).toBe(false);
  });

  it("stop at a failing migration, naming the file, line and Postgres error, and keep nothing of it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await writeFile(path.join(dir, "20990101000000_good.sql"), "create table public.good_one (id int primary key);\n");
    await writeFile(path.join(dir, "20990101000001_bad.sql"),
      "-- header\ncreate table public.half_done (id int);\ninsert into public.nope values (1);\n");
    await writeFile(path.join(dir, "20990101000002_never.sql"), "create table public.never_reached (id int);\n");

    const failure = await migrate(owner, dir).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toContain("Migration 20990101000001_bad.sql failed at line 3");
    expect((failure as Error).message).toContain('relation "public.nope" does not exist');

    const versions = (await owner<{ version: string }[]>`select version from supabase_migrations.schema_migrations where version like '2099%'`).map((r) => r.version);
    expect(versions).toEqual(["20990101000000"]);
    const tables = (await owner<{ relname: string }[]>`
      select relname from pg_class where relname in ('good_one', 'half_done', 'never_reached') order by 1`).map((r) => r.relname);
    expect(tables).toEqual(["good_one"]);
  });

  it("refuse a file that is not named YYYYMMDDHHmmss_name.sql", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await writeFile(path.join(dir, "add_things.sql"), "select 1;\n");
    await expect(migrate(owner, dir)).rejects.toThrowError(/add_things.sql: migration files must be named/);
  });
});
