/** `npm run bench`: runs every benchmark in bench/ (or those named) one after another. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../supabase/local/config.ts";

const dir = path.join(repoRoot, "bench");
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "report.ts")
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.ts$/, "")));

let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, [path.join(dir, file)], { stdio: "inherit", cwd: repoRoot });
  if (result.status !== 0) failed++;
  console.log("");
}
process.exit(failed === 0 ? 0 : 1);
