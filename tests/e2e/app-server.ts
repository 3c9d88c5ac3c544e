/** Runs the built app with `next start` against the test stack, and stops it again. */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

export type AppServer = { stop(): Promise<void> };

const READY_TIMEOUT_MS = 60_000;

export async function startAppServer(options: { root: string; port: number; env: Record<string, string>; logFile: string }): Promise<AppServer> {
  const { root, port, env, logFile } = options;
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = once(child, "exit");

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };

  try {
    await waitUntilHealthy(`http://127.0.0.1:${port}/api/health`, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    const output = await readFile(logFile, "utf8").catch(() => "");
    throw new Error(`${(error as Error).message}\n--- next start output (${logFile}) ---\n${output.slice(-4_000)}`);
  }
  return { stop };
}

async function waitUntilHealthy(url: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("next start exited before it was ready");
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}
