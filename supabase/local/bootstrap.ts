/** Applies the platform bootstrap (roles, auth, realtime, cron/net/vault stand-ins) as superuser. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sql } from "postgres";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "bootstrap");

export async function bootstrap(superuser: Sql): Promise<void> {
  // Serialize concurrent starts on one cluster (every statement is idempotent, not concurrent-safe).
  await superuser.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(54321)`;
    for (const file of (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort()) {
      await tx.unsafe(await readFile(path.join(dir, file), "utf8"));
    }
  });
}
