/**
 * Builds the app for the e2e run only when needed. A production build bakes in the
 * NEXT_PUBLIC_* values, so it is tied to the stack it was built for: the stamp records a
 * fingerprint of the sources and of that environment, plus the BUILD_ID it produced. Any
 * difference (an edited file, other ports, a build made by someone else) means build again.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

export async function ensureBuilt(root: string, env: Record<string, string>, stampPath: string): Promise<void> {
  const fingerprint = fingerprintOf(root, env);
  if (readStamp(stampPath) === `${fingerprint}:${currentBuildId(root)}`) return;

  console.log("[e2e] building the app (next build)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);

  await mkdir(path.dirname(stampPath), { recursive: true });
  await writeFile(stampPath, `${fingerprint}:${currentBuildId(root)}`);
}

function fingerprintOf(root: string, env: Record<string, string>): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(Object.entries(env).sort()));
  for (const source of SOURCES) {
    for (const file of filesUnder(path.join(root, source))) {
      const stat = statSync(file);
      hash.update(`${path.relative(root, file)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  }
  return hash.digest("hex");
}

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true, recursive: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.join(dirent.parentPath, dirent.name))
    .sort();
}

function currentBuildId(root: string): string {
  const file = path.join(root, nextDistDir(), "BUILD_ID");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "none";
}

/** Where `next build` writes and `next start` reads (next.config.js). */
export function nextDistDir(): string {
  return process.env.SG_NEXT_DIST_DIR || ".next";
}

function readStamp(stampPath: string): string | null {
  return existsSync(stampPath) ? readFileSync(stampPath, "utf8").trim() : null;
}
