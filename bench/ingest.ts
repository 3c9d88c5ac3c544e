/**
 * Ingest throughput (issue 4 §8), no pass/fail: 1,000-event batches sent by 4 concurrent clients
 *   1. over HTTP to POST /api/v1/events of a production build (`next start`; shares .next with the
 *      e2e suite, so each rebuilds when the other built last),
 *   2. to the same route handler called in this process (no HTTP server: what HTTP costs, by
 *      difference),
 * each with 20 active budgets (so every batch also updates their ledgers), against the raw ceiling
 * — the same prepared batches given straight to private.ingest_events by 4 connections (one
 * multi-row insert + rollup upsert; no HTTP, validation, pricing or budgets). Then a
 * repricing of a large history: a negotiated price for the model that was unpriced, and the job
 * it queues run to the end. Its own stack on ports 57421/57422, the app on 57400.
 *
 * The route's rate limiter (20 batches/s per key) is spread over 16 keys so it does not cap the
 * figure; 429s, if any, are counted and printed.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { dbPassword, dbSuperuser, repoRoot } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { ensureBuilt } from "../tests/e2e/app-build.ts";
import { startAppServer } from "../tests/e2e/app-server.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";


const ports = { gateway: 57421, db: 57422, app: 57400 };
const dataDir = path.join(repoRoot, ".local/bench/ingest-db");
const BATCH = 1000;
const CLIENTS = 4;
const BATCHES_PER_CLIENT = Number(process.env.BENCH_BATCHES ?? 25);

console.log(`bench/ingest — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({ dataDir, ports, log: () => {} });
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });

const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: CLIENTS, onnotice: () => {} });

async function orgWithKeys(label: string, keyCount: number) {
  const owner = randomUUID();
  const org = randomUUID();
  await sql`insert into auth.users (id, aud, role, email, created_at, updated_at)
    values (${owner}, 'authenticated', 'authenticated', ${`${label}-${owner}@example.test`}, now(), now())`;
  const keys: { id: string; secret: string }[] = [];
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
    await tx`insert into public.organizations (id, name, slug) values (${org}, ${label}, ${`${label}-${org.slice(0, 8)}`})`;
    for (let i = 0; i < keyCount; i++) {
      const secret = `sg_${randomBytes(32).toString("base64url")}`;
      const [row] = await tx<{ id: string }[]>`select private.create_api_key(${org}, ${`bench ${i}`}, ${["ingest"]},
        ${secret.slice(0, 11)}, ${createHash("sha256").update(secret).digest("hex")}) as id`;
      keys.push({ id: row.id, secret });
    }
  });
  return { org, keys };
}

const MODELS = [["openai", "gpt-4o"], ["openai", "gpt-4o-mini"], ["anthropic", "claude-sonnet-4-5"], ["twilio", "sms-outbound-us"], ["openai", "no-such-model"]] as const;
function batch(n: number): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: BATCH }, (_, i) => {
    const [service, model] = MODELS[(n + i) % MODELS.length];
    return {
      id: `b${n}-${i}-${randomUUID()}`,
      timestamp: new Date(now - ((i * 7919) % 86_400_000)).toISOString(),
      service, model, operation: "chat",
      quantities: service === "twilio" ? { messages: 1 + (i % 3) } : { input_tokens: 100 + (i % 4000), output_tokens: 10 + (i % 700), cached_input_tokens: i % 50 },
      team: ["search", "support", "growth"][i % 3], project: `p${i % 5}`, environment: i % 4 ? "prod" : "dev",
      latency_ms: 100 + (i % 900), ...(i % 20 === 0 ? { status: "error", error_code: "timeout" } : {}),
    };
  });
}

const { POST } = await import("../app/api/v1/events/route.ts");
const { prepareEvent, isRejection } = await import("../lib/core/usage/ingest-event.ts");
const { priceCatalog } = await import("../lib/services/usage/price-catalog.ts");
const { EMPTY_FX_TABLE } = await import("../lib/core/pricing/fx.ts");
const { repriceAll } = await import("../lib/services/pricing/reprice-events.ts");

async function run(label: string, send: (client: number, i: number) => Promise<void>) {
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let i = 0; i < BATCHES_PER_CLIENT; i++) {
      const t0 = performance.now();
      await send(client, i);
      samples.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const rate = (CLIENTS * BATCHES_PER_CLIENT * BATCH) / seconds;
  console.log(summarize(`${label} (per ${BATCH}-event batch)`, samples));
  console.log(`${label.padEnd(44)} ${Math.round(rate).toLocaleString("en-US")} events/s sustained (${CLIENTS} clients × ${BATCHES_PER_CLIENT} batches)`);
  return rate;
}

type Sender = (secret: string, events: Record<string, unknown>[]) => Promise<{ status: number; accepted: number }>;

/** The real endpoint over HTTP: `next start` of a production build, as deployed. */
const overHttp: Sender = async (secret, events) => {
  const response = await fetch(`http://127.0.0.1:${ports.app}/api/v1/events`, {
    method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify({ events }),
  });
  const body = (await response.json()) as { accepted?: number };
  return { status: response.status, accepted: body.accepted ?? 0 };
};

/** The same route handler called in this process: what HTTP and the server add, by difference. */
const inProcess: Sender = async (secret, events) => {
  const response = await POST(new Request("http://localhost/api/v1/events", {
    method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify({ events }),
  }));
  const body = (await response.json()) as { accepted?: number };
  return { status: response.status, accepted: body.accepted ?? 0 };
};

const batches = Array.from({ length: CLIENTS * BATCHES_PER_CLIENT }, (_, n) => batch(n));

async function routePhase(label: string, send: Sender, org: { keys: { secret: string }[] }, offset: number) {
  let limited = 0;
  let accepted = 0;
  // Warm-up (module init, catalog parse, key cache, plans), not measured.
  await send(org.keys[0].secret, batch(90_000 + offset));
  const rate = await run(label, async (client, i) => {
    const n = client * BATCHES_PER_CLIENT + i;
    const result = await send(org.keys[n % org.keys.length].secret, batches[n].map((event) => ({ ...event, id: `${offset}-${String(event.id)}` })));
    if (result.status === 429) limited++;
    accepted += result.accepted;
  });
  console.log(`${label}: ${accepted} events accepted, ${limited} batches rate limited`);
  return rate;
}

console.log("building the app for next start (skipped when unchanged)…");
await ensureBuilt(repoRoot, stack.env, path.join(repoRoot, ".local/bench/app-build.stamp"));
const app = await startAppServer({ root: repoRoot, port: ports.app, env: { ...stack.env, DATABASE_URL: dbUrl }, logFile: path.join(repoRoot, ".local/bench/app.log") });

/**
 * 20 active budgets, as the issue asks once budgets exist: every event counts in several (all
 * spend, its service, its team, its project, per end user…) across periods and time zones.
 */
async function addBudgets(org: string) {
  const periods = [{ kind: "monthly", startDay: 1 }, { kind: "daily" }, { kind: "weekly", weekStart: 1 }, { kind: "yearly", startMonth: 1 }];
  const scopes = [{}, { service: "openai" }, { service: "anthropic" }, { team: "search" }, { team: "support" }, { project: "p1" }, { environment: "prod" }];
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    for (let i = 0; i < 20; i++) {
      await tx`insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, per)
        values (${org}, ${`bench budget ${i}`}, '100000', 'USD', ${tx.json(periods[i % periods.length])}, ${i % 2 ? "Europe/Berlin" : "America/New_York"},
          ${tx.json(scopes[i % scopes.length])}, ${i % 10 === 9 ? "team" : null})`;
    }
  });
}

const httpOrg = await orgWithKeys("bench-http", 16);
await addBudgets(httpOrg.org);
const httpRate = await routePhase("HTTP POST /api/v1/events (next start)", overHttp, httpOrg, 1);
await app.stop();

const routeOrg = await orgWithKeys("bench-route", 16);
await addBudgets(routeOrg.org);
const routeRate = await routePhase("route handler in-process (no HTTP)", inProcess, routeOrg, 2);

// The same batches, validated and priced beforehand, straight into SQL for another org: one
// multi-row insert of events and keys plus the rollup upsert — the database's ceiling here.
const rawOrg = await orgWithKeys("bench-raw", 1);
const options = { pricing: { baseCurrency: "USD", catalog: priceCatalog(), fx: EMPTY_FX_TABLE }, now: Date.now() };
const prepared = batches.map((events) => JSON.stringify(events.map((e, i) => prepareEvent(e, i, options)).filter((e) => !isRejection(e))));
const rawRate = await run("raw SQL ceiling (private.ingest_events)", async (client, i) => {
  const n = client * BATCHES_PER_CLIENT + i;
  await sql`select count(*) from private.ingest_events(${rawOrg.org}, ${rawOrg.keys[0].id}, 'api', ${prepared[n]}::text::jsonb)`;
});
console.log(`ratio HTTP / raw: ${(httpRate / rawRate).toFixed(2)}   in-process route / raw: ${(routeRate / rawRate).toFixed(2)}`);

// Repricing a large history: the in-process org's unpriced model gets a negotiated price; the
// job it queues re-prices that model's events in batches and corrects the rollups.
const [{ total }] = await sql<{ total: string }[]>`select count(*)::text as total from public.usage_events where org_id = ${routeOrg.org}`;
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'service_role', true)`;
  await tx`insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
    values (${routeOrg.org}, 'openai', 'no-such-model', '2020-01-01T00:00:00Z', 'USD', ${tx.json({ input_token: "0.000001", output_token: "0.000004", cached_input_token: "0.0000005" })})`;
});
const [job] = await sql<{ id: string }[]>`select id from public.reprice_jobs where org_id = ${routeOrg.org} and finished_at is null`;
const started = performance.now();
const progress = await repriceAll(routeOrg.org, job.id);
const seconds = (performance.now() - started) / 1000;
console.log(`reprice: ${progress.changed.toLocaleString("en-US")} of ${progress.scanned.toLocaleString("en-US")} matching events re-priced in ${seconds.toFixed(1)} s ` +
  `(${Math.round(progress.scanned / seconds).toLocaleString("en-US")} events/s; history of ${Number(total).toLocaleString("en-US")} events)`);
const [{ mismatched }] = await sql<{ mismatched: string }[]>`
  select (select coalesce(sum(cost), 0) from public.usage_events where org_id = ${routeOrg.org})
    - (select coalesce(sum(cost), 0) from public.spend_rollups where org_id = ${routeOrg.org}) as mismatched`;
console.log(`reprice: Σ event costs − Σ rollup costs = ${mismatched}`);

await sql.end();
const { db } = await import("../lib/db/index.ts");
await db().sql.end();
await stack.stop();
