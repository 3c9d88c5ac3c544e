/**
 * `npm test`: lint and type checks, then every test layer in turn — unit, db, integration, e2e —
 * each in its own process so one layer's stack never leaks into the next. Prints a per-layer
 * count and a closing total; exits non-zero if a check or layer failed or a layer ran no test.
 * `npm test -- unit db` runs only the layers named (and skips the checks).
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../supabase/local/config.ts";

type Counts = { passed: number; failed: number; skipped: number };
type Layer = { name: string; command: string[]; report: string; read(report: string): Promise<Counts> };

const reports = path.join(repoRoot, ".local/test/reports");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

async function vitestCounts(file: string): Promise<Counts> {
  const report = JSON.parse(await readFile(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

async function playwrightCounts(file: string): Promise<Counts> {
  const report = JSON.parse(await readFile(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

const vitestLayer = (name: string): Layer => ({
  name,
  report: path.join(reports, `${name}.json`),
  command: [bin("vitest"), "run", "--project", name, "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(reports, `${name}.json`)}`],
  read: vitestCounts,
});

const layers: Layer[] = [
  vitestLayer("unit"),
  vitestLayer("db"),
  vitestLayer("integration"),
  {
    name: "e2e",
    report: path.join(reports, "e2e.json"),
    command: [bin("playwright"), "test", "--reporter=list,json"],
    read: playwrightCounts,
  },
];

function run(command: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const [bin, ...args] = command;
    const child = spawn(bin, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const checks: [name: string, command: string[]][] = [
  ["lint", ["npm", "run", "--silent", "lint"]],
  ["typecheck", ["npm", "run", "--silent", "typecheck"]],
];

const only = process.argv.slice(2);
await rm(reports, { recursive: true, force: true });
await mkdir(reports, { recursive: true });
const failedChecks: string[] = [];
if (only.length === 0) {
  for (const [name, command] of checks) {
    console.log(`\n=== ${name} ===`);
    if ((await run(command)) !== 0) failedChecks.push(name);
  }
}
const results: { layer: string; code: number; counts: Counts | null }[] = [];
for (const layer of layers.filter((l) => only.length === 0 || only.includes(l.name))) {
  console.log(`\n=== ${layer.name} tests ===`);
  const code = await run(layer.command, { PLAYWRIGHT_JSON_OUTPUT_NAME: layer.report });
  const counts = await layer.read(layer.report).catch(() => null);
  results.push({ layer: layer.name, code, counts });
}

console.log("\n=== summary ===");
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let ok = failedChecks.length === 0;
if (!ok) console.log(`failed checks: ${failedChecks.join(", ")}`);
for (const { layer, code, counts } of results) {
  const line = counts ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : "no report";
  console.log(`${layer.padEnd(12)} ${line}${code === 0 ? "" : `  (exit ${code})`}`);
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  // The report decides too: a runner can exit 0 with a failed test in its report (seen with vitest).
  if (code !== 0 || !counts || counts.passed === 0 || counts.failed > 0) ok = false;
}
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(ok ? 0 : 1);
