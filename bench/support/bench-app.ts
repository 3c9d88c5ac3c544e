/**
 * The app under `next start` for a benchmark's HTTP phase: built into .local/bench/next-<name>
 * (other runs build .next; skipped when nothing changed) against the benchmark's own stack, then
 * started on its port. next build may add that dir's types to tsconfig.json and write
 * next-env.d.ts: both are put back as they were (removed again when they did not exist, as in a
 * fresh clone).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../supabase/local/config.ts";
import { ensureBuilt } from "../../tests/e2e/app-build.ts";
import { startAppServer, type AppServer } from "../../tests/e2e/app-server.ts";

export async function startBenchApp(name: string, port: number, env: Record<string, string>): Promise<AppServer> {
  const distDir = `.local/bench/next-${name}`;
  const kept = ["tsconfig.json", "next-env.d.ts"].map((file) => {
    const full = path.join(repoRoot, file);
    return { file: full, text: existsSync(full) ? readFileSync(full, "utf8") : null };
  });
  console.log("\nbuilding the app for next start (skipped when unchanged)…");
  try {
    await ensureBuilt(repoRoot, { ...env, SG_NEXT_DIST_DIR: distDir }, path.join(repoRoot, `.local/bench/${name}-build.stamp`));
  } finally {
    for (const { file, text } of kept) {
      if (text === null) rmSync(file, { force: true });
      else if (readFileSync(file, "utf8") !== text) writeFileSync(file, text);
    }
  }
  return startAppServer({
    root: repoRoot, port, env: { ...env, SG_NEXT_DIST_DIR: distDir }, logFile: path.join(repoRoot, `.local/bench/${name}-app.log`),
  });
}
