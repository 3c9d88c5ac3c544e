/**
 * Live dashboard latency (issue 7 §6), no pass/fail: from the commit of an ingest batch to its
 * `spend` message arriving at each of SUBSCRIBERS realtime-js clients. The path measured is the
 * production one: ingestEvents (in this process, as the API route calls it) writes the batch and
 * private.broadcast_spend's realtime.send() in one transaction → on commit the gateway's Realtime
 * hears of it (NOTIFY) and fans it out → each member's supabase-js client, signed in through the
 * gateway's Auth with its own socket, subscribed to the private channel org:<id>:spend.
 *
 * A batch's commit time is when ingestEvents resolves (it resolves after COMMIT); its arrival is
 * the subscriber's callback; both are performance.now() in this process. A message is matched to
 * its batch by the ids of the events it carries (`recent`), so no clock is read from the payload.
 * The gateway shares this event loop, so a message can be delivered before the promise of its
 * COMMIT resolves (a negative latency, counted); the time from calling ingestEvents is printed too,
 * as an upper bound that includes the batch's own ingest.
 *   1. quiet: one batch at a time;
 *   2. loaded: CALLERS ingest callers back to back, as fast as the database lets them.
 * Batches of BATCH_EVENTS events over a few services. Aim (issue 7 §6): p95 ≤ 500 ms.
 * Everything (Postgres aside) shares this process's event loop: gateway, subscribers and ingest.
 * Its own stack on ports 57821/57822.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { dbPassword, dbSuperuser, publishableKey, repoRoot } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";

const ports = { gateway: 57821, db: 57822, app: 57800 };
const dataDir = path.join(repoRoot, ".local/bench/realtime-db");
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 4);
const BATCH_EVENTS = 100;
const QUIET_BATCHES = Number(process.env.BENCH_QUIET_BATCHES ?? 100);
const LOADED_BATCHES = Number(process.env.BENCH_LOADED_BATCHES ?? 600);
const WAIT_MS = 30_000;
const SERVICES = ["openai", "anthropic", "google", "mistral", "cohere", "twilio", "resend", "aws-s3"];

console.log(`bench/realtime — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({ dataDir, ports, log: () => {} });
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {} });
const { ingestEvents } = await import("../lib/services/usage/ingest-events.ts");
const url = stack.env.NEXT_PUBLIC_SUPABASE_URL;
const auth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

// ---------------------------------------------------------------------------------------------
// One organization, its owner, and SUBSCRIBERS members who sign up and sign in through Auth
// ---------------------------------------------------------------------------------------------

const owner = randomUUID();
const org = randomUUID();
await sql`insert into auth.users (id, aud, role, email, created_at, updated_at)
  values (${owner}, 'authenticated', 'authenticated', ${`bench-realtime-${owner}@example.test`}, now(), now())`;
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
  await tx`insert into public.organizations (id, name, slug) values (${org}, 'bench-realtime', ${`bench-realtime-${org.slice(0, 8)}`})`;
});
const topic = `org:${org}:spend`;

/** arrivals[subscriber][batch]: when that subscriber heard that batch's `spend` message. */
const arrivals: Map<number, number>[] = [];
let duplicates = 0;
const clients: SupabaseClient[] = [];

async function subscriber(index: number): Promise<void> {
  const email = `bench-rt-${index}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const client = createClient(url, publishableKey, { auth });
  const { data, error } = await client.auth.signUp({ email, password });
  if (error || !data.user) throw new Error(`sign-up failed: ${error?.message}`);
  await sql`insert into public.memberships (org_id, user_id, role) values (${org}, ${data.user.id}, ${index % 2 === 0 ? "member" : "viewer"})`;
  const signIn = await client.auth.signInWithPassword({ email, password });
  if (signIn.error) throw new Error(`sign-in failed: ${signIn.error.message}`);
  await client.realtime.setAuth();
  const heard = new Map<number, number>();
  arrivals[index] = heard;
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client
      .channel(topic, { config: { private: true } })
      .on("broadcast", { event: "spend" }, ({ payload }) => {
        const at = performance.now();
        const [newest] = (payload as { recent: { id: string }[] }).recent;
        const batch = Number(newest.id.slice(1, newest.id.indexOf("-")));
        if (heard.has(batch)) duplicates += 1;
        else heard.set(batch, at);
      })
      .subscribe((status, err) => {
        if (status === "SUBSCRIBED") resolve();
        else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(err ?? new Error(`subscriber ${index}: ${status}`));
      });
  });
}

const setupStarted = performance.now();
for (let i = 0; i < SUBSCRIBERS; i += 10) {
  await Promise.all(Array.from({ length: Math.min(10, SUBSCRIBERS - i) }, (_, k) => subscriber(i + k)));
}
console.log(`${SUBSCRIBERS} members signed in and subscribed to the private channel (one socket each) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------------
// Ingest and delivery
// ---------------------------------------------------------------------------------------------

const target = { org: { id: org, baseCurrency: "USD" }, source: "api" as const, apiKeyId: null, userId: null };
/** When each batch's ingestEvents was called, and when it resolved (after its COMMIT). */
const called = new Map<number, number>();
const committed = new Map<number, number>();
const callMs: number[] = [];
let nextBatch = 0;

/** Batch n: BATCH_EVENTS events with ids b<n>-<i>, in the last minute, costs as decimal strings. */
function batchOf(n: number) {
  const now = Date.now();
  return Array.from({ length: BATCH_EVENTS }, (_, i) => ({
    id: `b${n}-${i}-${randomUUID().slice(0, 8)}`,
    timestamp: new Date(now - 60_000 + i).toISOString(),
    service: SERVICES[(n + i) % SERVICES.length],
    model: `model-${i % 5}`,
    cost: `0.${String((n * BATCH_EVENTS + i) % 9973).padStart(4, "0")}`,
    currency: "USD",
    quantities: { input_tokens: 100 + i, output_tokens: 20 + (i % 7) },
    team: `team-${i % 4}`,
  }));
}

async function ingestOne(): Promise<number> {
  const n = nextBatch++;
  const events = batchOf(n);
  const started = performance.now();
  const result = await ingestEvents(target, events);
  const at = performance.now();
  if (result.accepted !== BATCH_EVENTS) throw new Error(`batch ${n}: ${JSON.stringify(result).slice(0, 300)}`);
  called.set(n, started);
  committed.set(n, at);
  callMs.push(at - started);
  return n;
}

async function delivered(batches: number[]): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!batches.every((n) => arrivals.every((heard) => heard.has(n)))) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Phase = { latencies: number[]; lastSubscriber: number[]; fromCall: number[]; missing: number; early: number };

function measure(batches: number[]): Phase {
  const phase: Phase = { latencies: [], lastSubscriber: [], fromCall: [], missing: 0, early: 0 };
  for (const n of batches) {
    let last = -Infinity;
    for (const heard of arrivals) {
      const at = heard.get(n);
      if (at === undefined) {
        phase.missing += 1;
        continue;
      }
      const latency = at - committed.get(n)!;
      // The NOTIFY can reach the gateway (in this process) before postgres.js hands over COMMIT's reply.
      if (latency < 0) phase.early += 1;
      phase.latencies.push(latency);
      phase.fromCall.push(at - called.get(n)!);
      last = Math.max(last, latency);
    }
    if (last > -Infinity) phase.lastSubscriber.push(last);
  }
  return phase;
}

function report(label: string, phase: Phase) {
  console.log(summarize(`${label}: commit → each subscriber`, phase.latencies));
  console.log(summarize(`${label}: commit → last of ${SUBSCRIBERS}`, phase.lastSubscriber));
  console.log(summarize(`${label}: ingest call → each subscriber`, phase.fromCall));
  console.log(`  ${phase.missing} deliveries missing after ${WAIT_MS / 1000} s; ${phase.early} of ${phase.latencies.length} arrived before ingestEvents resolved (negative latency)`);
}

// Warm-up: connections, plans and the first NOTIFY; not measured.
const warm: number[] = [];
for (let i = 0; i < 10; i++) warm.push(await ingestOne());
await delivered(warm);
callMs.length = 0;

// 1. Quiet: one batch at a time, each delivered before the next.
const quiet: number[] = [];
for (let i = 0; i < QUIET_BATCHES; i++) {
  const n = await ingestOne();
  quiet.push(n);
  await delivered([n]);
}
console.log(`quiet: one batch of ${BATCH_EVENTS} events at a time, each delivered before the next`);
report("quiet", measure(quiet));
console.log(summarize(`quiet: ingestEvents (${BATCH_EVENTS} events)`, callMs));

// 2. Loaded: CALLERS callers back to back, subscribers receiving throughout.
callMs.length = 0;
const loaded: number[] = [];
const loadStarted = performance.now();
const loadEnd = nextBatch + LOADED_BATCHES;
await Promise.all(Array.from({ length: CALLERS }, async () => {
  while (nextBatch < loadEnd) loaded.push(await ingestOne());
}));
const loadSeconds = (performance.now() - loadStarted) / 1000;
await delivered(loaded);
console.log(`loaded: ${CALLERS} ingest callers back to back, batches of ${BATCH_EVENTS} events`);
report("loaded", measure(loaded));
console.log(summarize(`loaded: ingestEvents (${BATCH_EVENTS} events)`, callMs));
const messages = loaded.length * SUBSCRIBERS;
console.log(
  `loaded ingest: ${loaded.length} batches, ${(loaded.length * BATCH_EVENTS).toLocaleString("en-US")} events in ${loadSeconds.toFixed(1)} s = ` +
    `${Math.round((loaded.length * BATCH_EVENTS) / loadSeconds).toLocaleString("en-US")} events/s, ${(loaded.length / loadSeconds).toFixed(1)} batches/s; ` +
    `${messages.toLocaleString("en-US")} deliveries (${Math.round(messages / loadSeconds).toLocaleString("en-US")}/s), ${duplicates} duplicates`,
);

await Promise.all(clients.map((client) => client.removeAllChannels()));
for (const client of clients) client.realtime.disconnect();
await sql.end();
await stack.stop();
process.exit(0);
