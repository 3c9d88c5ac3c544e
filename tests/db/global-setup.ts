import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startPostgres, type RunningPostgres } from "../../supabase/local/postgres.ts";
import { bootstrap } from "../../supabase/local/bootstrap.ts";
import { migrate } from "../../supabase/local/migrate.ts";
import { dbPassword, dbSuperuser } from "../../supabase/local/config.ts";
import { dbTestPort, testRunTag } from "../helpers/ports.ts";

let cluster: RunningPostgres | undefined;

/** One throwaway cluster with the platform bootstrap and the real migrations applied. */
export async function setup() {
  const dataDir = path.resolve(`.local/test/db-cluster${testRunTag}`);
  await rm(dataDir, { recursive: true, force: true });
  cluster = await startPostgres({ dataDir, port: dbTestPort, durable: false });
  const sql = postgres({ host: "127.0.0.1", port: dbTestPort, database: "postgres", username: dbSuperuser, password: dbPassword, max: 1, onnotice: () => {} });
  await bootstrap(sql);
  await sql.end();
  const owner = postgres({ host: "127.0.0.1", port: dbTestPort, database: "postgres", username: "postgres", password: dbPassword, max: 1, onnotice: () => {} });
  await migrate(owner, path.resolve("supabase/migrations"));
  await owner.end();
}

export async function teardown() {
  await cluster?.stop();
}
