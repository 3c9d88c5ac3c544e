/**
 * `npm run dev`: the local stack (embedded Postgres, gateway, cron, pg_net) plus `next dev`,
 * with demo data, all stopped together on Ctrl-C. If .env.local points the app at a real
 * Supabase project (NEXT_PUBLIC_SUPABASE_URL), only Next starts and that project is used.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, defaultPorts } from "../supabase/local/config.ts";
import { assertPortsFree } from "../supabase/local/ports.ts";
import { startStack, type Stack } from "../supabase/local/stack.ts";
import { seedDemo, demoUser } from "./seed-demo.ts";

const nextBin = path.join(repoRoot, "node_modules/.bin/next");

function envLocal(): Record<string, string> {
  const file = path.join(repoRoot, ".env.local");
  if (!existsSync(file)) return {};
  const pairs = readFileSync(file, "utf8").split("\n")
    .map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, key, value]) => [key, value.replace(/^["'](.*)["']$/, "$1")]);
  return Object.fromEntries(pairs);
}

async function main() {
  const remote = envLocal().NEXT_PUBLIC_SUPABASE_URL;
  let stack: Stack | undefined;
  let appEnv: Record<string, string> = {};

  if (remote) {
    console.log(`.env.local points at ${remote}: starting only Next against that project.`);
    await assertPortsFree({ app: defaultPorts.app });
  } else {
    await assertPortsFree({ app: defaultPorts.app, gateway: defaultPorts.gateway, database: defaultPorts.db });
    const started = Date.now();
    stack = await startStack({
      dataDir: path.join(repoRoot, ".local/db"),
      log: (service, message) => console.log(`[${service}] ${message}`),
    });
    if (stack.appliedMigrations.length > 0) console.log(`Applied migrations: ${stack.appliedMigrations.join(", ")}`);
    await seedDemo(stack.env);
    appEnv = stack.env;
    console.log(`Local stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  }

  const next = spawn(nextBin, ["dev", "--hostname", "127.0.0.1", "--port", String(defaultPorts.app)], {
    cwd: repoRoot,
    env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, ...appEnv },
    stdio: "inherit",
  });

  const appUrl = `http://127.0.0.1:${defaultPorts.app}`;
  console.log([
    "",
    "Spendguard is starting:",
    `  App        ${appUrl}`,
    ...(stack ? [
      `  Gateway    ${stack.env.NEXT_PUBLIC_SUPABASE_URL}  (auth, realtime, functions — a local stand-in, for development only)`,
      `  Database   ${stack.env.DATABASE_URL}`,
      `  Outbox     ${appUrl}/dev/outbox  (emails and SMS the app would have sent)`,
      `  Demo login ${demoUser.email} / ${demoUser.password}  (owner of the Acme Demo organization)`,
    ] : []),
    "Press Ctrl-C to stop everything.",
    "",
  ].join("\n"));

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    if (next.exitCode === null) {
      const exited = new Promise((resolve) => next.once("exit", resolve));
      next.kill("SIGTERM");
      await exited;
    }
    await stack?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
