/**
 * Alert delivery latency (issue 6 §6), no pass/fail: the time from the commit of the ingest batch
 * that crosses a budget threshold to the email provider receiving the request. The path measured
 * is the production one: ingestEvents (in this process) fires the alert and queues its outbox row
 * in its transaction and pokes the dispatcher through pg_net → after commit the pg_net worker
 * calls the dispatch-notifications edge function (warm Deno) → it claims the row, renders the
 * email and sends it through the official `resend` SDK to a fake Resend on loopback, which notes
 * the arrival time.
 *   1. sequential: one crossing at a time (each a new budget's 50 % line), BENCH_CROSSINGS of them;
 *   2. concurrent: CLIENTS ingest callers crossing at once, BENCH_CROSSINGS in all.
 * Aim (issue 6 §6): p95 ≤ 2 s. Its own stack on ports 57621/57622.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { dbPassword, dbSuperuser, repoRoot } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { startFakeResend } from "../tests/helpers/fake-resend.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";

const ports = { gateway: 57621, db: 57622, app: 57600 };
const dataDir = path.join(repoRoot, ".local/bench/alerts-db");
const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 200);
const CLIENTS = 4;
const WAIT_MS = 30_000;

console.log(`bench/alerts — ${machine()}`);
const fake = await startFakeResend();
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({
  dataDir, ports, log: () => {},
  functionEnv: { RESEND_API_KEY: "re_bench", RESEND_BASE_URL: fake.url, EMAIL_FROM: "Spendguard <alerts@spendguard.dev>" },
});
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {} });
const { ingestEvents } = await import("../lib/services/usage/ingest-events.ts");

// One organization; one $10 daily budget per crossing, each with the default rules for its creator.
const owner = randomUUID();
const org = randomUUID();
await sql`insert into auth.users (id, aud, role, email, created_at, updated_at)
  values (${owner}, 'authenticated', 'authenticated', ${`bench-alerts-${owner}@example.test`}, now(), now())`;
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
  await tx`insert into public.organizations (id, name, slug) values (${org}, 'bench-alerts', ${`bench-alerts-${org.slice(0, 8)}`})`;
  await tx`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, scope)
    select ${org}, 'Budget ' || i, 10, 'USD', '{"kind":"daily"}', 'UTC', jsonb_build_object('service', 'svc-' || i)
    from generate_series(0, ${2 * CROSSINGS}) i`;
});
const target = { org: { id: org, baseCurrency: "USD" }, source: "api" as const, apiKeyId: null, userId: null };

/** Ingests the event that crosses budget i's 50 % line; resolves with the time after commit and the notification id. */
async function cross(i: number): Promise<{ committedAt: number; notificationId: string }> {
  const result = await ingestEvents(target, [{ id: randomUUID(), timestamp: new Date().toISOString(), service: `svc-${i}`, model: "m", cost: "6", currency: "USD" }]);
  const committedAt = performance.now();
  if (result.accepted !== 1) throw new Error(`crossing ${i} was not accepted: ${JSON.stringify(result)}`);
  const [row] = await sql<{ id: string }[]>`
    select n.id from public.notifications n join public.alerts a on a.id = n.alert_id join public.budgets b on b.id = a.budget_id
    where b.org_id = ${org} and b.name = ${`Budget ${i}`}`;
  if (!row) throw new Error(`crossing ${i} queued no notification`);
  return { committedAt, notificationId: row.id };
}

async function arrival(notificationId: string): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const request = fake.requests.find((r) => r.headers["idempotency-key"] === notificationId);
    if (request) return request.receivedAt;
    if (Date.now() > deadline) throw new Error(`notification ${notificationId} did not reach the provider in ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

// Warm-up: the first call starts the function's Deno process.
await arrival((await cross(2 * CROSSINGS)).notificationId);

const sequential: number[] = [];
for (let i = 0; i < CROSSINGS; i++) {
  const { committedAt, notificationId } = await cross(i);
  sequential.push((await arrival(notificationId)) - committedAt);
}
console.log(summarize("commit → provider, one crossing at a time", sequential));

const concurrent: number[] = [];
let next = CROSSINGS;
await Promise.all(Array.from({ length: CLIENTS }, async () => {
  while (next < 2 * CROSSINGS) {
    const { committedAt, notificationId } = await cross(next++);
    concurrent.push((await arrival(notificationId)) - committedAt);
  }
}));
console.log(summarize(`commit → provider, ${CLIENTS} ingest callers crossing at once`, concurrent));

// The provider answered before the dispatcher recorded "sent": give the last outcomes a moment.
type Outbox = { sent: number; other: number };
let outbox: Outbox = { sent: 0, other: 0 };
for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
  [outbox] = await sql<Outbox[]>`
    select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as other
    from public.notifications where org_id = ${org}`;
  if (outbox.other === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(`outbox: ${outbox.sent} sent, ${outbox.other} not sent; provider received ${fake.requests.length} requests for ${fake.sent.length} emails`);

await sql.end();
await stack.stop();
await fake.close();
process.exit(0);
