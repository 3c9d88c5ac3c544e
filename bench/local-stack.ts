/**
 * The local stack's own costs, so later benchmarks know what is the stand-in and what is the app:
 * cold and warm start, password sign-in, token refresh, a warm edge-function call, and the
 * latency from a committed realtime.send() to a subscribed supabase-js client.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { dbPassword, dbSuperuser, publishableKey, repoRoot } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { machine, summarize, time } from "./report.ts";

const ports = { gateway: 57321, db: 57322, app: 57300 };
const dataDir = path.join(repoRoot, ".local/bench/local-stack-db");
const quiet = () => {};
const rounds = Number(process.env.BENCH_ROUNDS ?? 100);

console.log(`bench/local-stack — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });

let stack = await startStack({ dataDir, ports, log: quiet });
await stack.stop();
const coldMs = await time(async () => {
  await rm(dataDir, { recursive: true, force: true });
  stack = await startStack({ dataDir, ports, log: quiet });
});
await stack.stop();
const warmMs = await time(async () => {
  stack = await startStack({ dataDir, ports, log: quiet });
});
console.log(`stack start: cold (new cluster) ${coldMs.toFixed(0)} ms, warm (existing data) ${warmMs.toFixed(0)} ms`);

const url = stack.env.NEXT_PUBLIC_SUPABASE_URL;
const client = () => createClient(url, publishableKey, { auth: { persistSession: false, autoRefreshToken: false } });
const email = `bench-${randomUUID()}@example.test`;
const password = `pw-${randomUUID()}`;
await client().auth.signUp({ email, password });

const signIns: number[] = [];
for (let i = 0; i < rounds; i++) signIns.push(await time(() => client().auth.signInWithPassword({ email, password })));
console.log(summarize("auth: signInWithPassword (bcrypt cost 10)", signIns));

const session = client();
await session.auth.signInWithPassword({ email, password });
const refreshes: number[] = [];
for (let i = 0; i < rounds; i++) refreshes.push(await time(() => session.auth.refreshSession()));
console.log(summarize("auth: refreshSession (rotation)", refreshes));

await session.functions.invoke("health", { body: {} });
const invokes: number[] = [];
for (let i = 0; i < rounds; i++) invokes.push(await time(() => session.functions.invoke("health", { body: { echo: "x" } })));
console.log(summarize("functions: invoke health (warm Deno)", invokes));

// Broadcast from the database to a private channel whose policy admits the bench user.
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 1, onnotice: quiet });
await sql`create policy bench_receive on realtime.messages for select to authenticated using (realtime.topic() = 'bench')`;
await session.realtime.setAuth();
const arrivals = new Map<string, number>();
const channel = session.channel("bench", { config: { private: true } })
  .on("broadcast", { event: "tick" }, ({ payload }) => arrivals.set((payload as { n: string }).n, performance.now()));
await new Promise<void>((resolve, reject) => channel.subscribe((status, error) => {
  if (status === "SUBSCRIBED") resolve();
  else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(error ?? new Error(status));
}));
const delivery: number[] = [];
for (let i = 0; i < rounds; i++) {
  const n = String(i);
  const sent = performance.now();
  await sql`select realtime.send(${sql.json({ n })}, 'tick', 'bench', true)`;
  while (!arrivals.has(n)) await new Promise((resolve) => setTimeout(resolve, 1));
  delivery.push(arrivals.get(n)! - sent);
}
console.log(summarize("realtime: committed send → client (1 sub)", delivery));

await session.removeAllChannels();
await sql.end();
await stack.stop();
