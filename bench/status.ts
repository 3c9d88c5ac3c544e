/**
 * Budget status and pre-spend check latency with a large history (issue 5 §7), no pass/fail:
 *   1. one organization with BENCH_EVENTS (10 million) usage events over ~13 months, generated in
 *      SQL (insert … select from generate_series, straight into the monthly partitions), with its
 *      spend_rollups and budget_ledgers built by SQL aggregation — not through the ingest API —
 *      and 20 budgets of different periods, time zones and scopes (a daily one, per team, per
 *      end user), created a year ago so their ledger history is read too;
 *   2. getBudgetStatus called in this process, once cold (no stored forecast yet) and then, after
 *      run-forecasts has stored every budget's forecast as the hourly cron does, in the steady
 *      state: the whole service call, and its database time —
 *      every statement the call sent (caught with postgres.js's debug hook) replayed under
 *      EXPLAIN ANALYZE, planning + execution summed;
 *   3. over HTTP against `next start`: POST /api/v1/check (4 clients, with and without reserve)
 *      and GET /api/v1/budgets/{id}/status.
 * Aims (issue 5 §7): ≤ 5 ms database time for a status, ≤ 20 ms for a check through HTTP.
 * Its own stack on ports 57521/57522, the app on 57500, built into its own dist dir.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { dbPassword, dbSuperuser, repoRoot, serviceRoleJwt } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";
import { startBenchApp } from "./support/bench-app.ts";
import { buildRollups, createPartitions, insertSyntheticEvents } from "./support/synthetic-usage.ts";


const ports = { gateway: 57521, db: 57522, app: 57500 };
const dataDir = path.join(repoRoot, ".local/bench/status-db");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CLIENTS = 4;
const CHECKS = Number(process.env.BENCH_CHECKS ?? 600);
const STATUS_SAMPLES = 240;
// A status that scans raw events can take seconds: each phase stops at this wall time (n is printed).
const PHASE_SECONDS = 60;
const DAY = 86_400_000;

console.log(`bench/status — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({ dataDir, ports, log: () => {} });
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {} });

// ---------------------------------------------------------------------------------------------
// 1. The organization, its keys, 20 budgets, and 10 M events generated in SQL
// ---------------------------------------------------------------------------------------------

const owner = randomUUID();
const org = randomUUID();
const keys: { id: string; secret: string }[] = [];
await sql`insert into auth.users (id, aud, role, email, created_at, updated_at)
  values (${owner}, 'authenticated', 'authenticated', ${`bench-status-${owner}@example.test`}, now(), now())`;
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: owner, role: "authenticated" })}, true)`;
  await tx`insert into public.organizations (id, name, slug) values (${org}, 'bench-status', ${`bench-status-${org.slice(0, 8)}`})`;
  // The route's rate limiter allows 20 requests/s per key: 16 keys keep it from capping the figures.
  for (let i = 0; i < 16; i++) {
    const secret = `sg_${randomBytes(32).toString("base64url")}`;
    const [row] = await tx<{ id: string }[]>`select private.create_api_key(${org}, ${`bench ${i}`}, ${["check", "read"]},
      ${secret.slice(0, 11)}, ${createHash("sha256").update(secret).digest("hex")}) as id`;
    keys.push({ id: row.id, secret });
  }
});

const now = Date.now();
// Within the 13-month retention, ending a minute ago.
const spanStart = now - 390 * DAY;
const spanEnd = now - 60_000;
const genStarted = performance.now();
await createPartitions(sql, { spanStart, spanEnd });
await insertSyntheticEvents(sql, { org, events: EVENTS, spanStart, spanEnd });
const eventsSeconds = (performance.now() - genStarted) / 1000;
const [{ inserted }] = await sql<{ inserted: string }[]>`select count(*)::text as inserted from public.usage_events where org_id = ${org}`;
console.log(`generated ${Number(inserted).toLocaleString("en-US")} events in SQL (generate_series, 2 connections, facets by trigger) in ${eventsSeconds.toFixed(0)} s ` +
  `(${Math.round(Number(inserted) / eventsSeconds).toLocaleString("en-US")} rows/s); idempotency keys not written (no read path uses them)`);

const rollStarted = performance.now();
const rollups = await buildRollups(sql, { org, spanStart, spanEnd });
console.log(`spend_rollups: ${rollups.toLocaleString("en-US")} hourly rows by SQL aggregation in ${((performance.now() - rollStarted) / 1000).toFixed(0)} s`);

type BudgetSpec = { name: string; period: Record<string, string | number>; timezone: string; scope: Record<string, string>; per: string | null };
const periods: Record<string, string | number>[] = [{ kind: "monthly", startDay: 1 }, { kind: "weekly", weekStart: 1 }, { kind: "quarterly", startMonth: 1 }, { kind: "yearly", startMonth: 1 }];
const zones = ["UTC", "America/New_York", "Europe/Berlin"];
const scopes: Record<string, string>[] = [{}, { service: "openai" }, { service: "anthropic" }, { team: "search" }, { project: "support-p1" }, { environment: "prod" }, { service: "openai", model: "gpt-4o" }];
const specs: BudgetSpec[] = [
  { name: "daily, all spend", period: { kind: "daily" }, timezone: "America/New_York", scope: {}, per: null },
  { name: "daily, openai", period: { kind: "daily" }, timezone: "UTC", scope: { service: "openai" }, per: null },
  { name: "monthly, per end user", period: { kind: "monthly", startDay: 1 }, timezone: "UTC", scope: {}, per: "end_user" },
  { name: "monthly, per team", period: { kind: "monthly", startDay: 1 }, timezone: "Europe/Berlin", scope: {}, per: "team" },
  ...Array.from({ length: 16 }, (_, i) => ({
    name: `${String(periods[i % periods.length].kind)} ${i}`, period: periods[i % periods.length], timezone: zones[i % zones.length],
    scope: scopes[i % scopes.length], per: null,
  })),
];
const budgetIds: { id: string; name: string }[] = [];
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'service_role', true)`;
  for (const spec of specs) {
    const [row] = await tx<{ id: string }[]>`insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, per, created_at, enforcement)
      values (${org}, ${spec.name}, '1000000', 'USD', ${tx.json(spec.period)}, ${spec.timezone}, ${tx.json(spec.scope)}, ${spec.per},
        ${new Date(spanStart)}, 'hard') returning id`;
    budgetIds.push({ id: row.id, name: spec.name });
  }
});

// Ledgers by aggregation: budgets not per end user from the rollups (whole hours: every zone used
// here is a whole-hour offset), the per-end-user one from the events (rollups have no end_user).
const ledgerStarted = performance.now();
const periodStart = (at: postgres.Fragment) => sql`case b.period ->> 'kind'
  when 'daily' then date_trunc('day', ${at}, b.timezone) when 'weekly' then date_trunc('week', ${at}, b.timezone)
  when 'monthly' then date_trunc('month', ${at}, b.timezone) when 'quarterly' then date_trunc('quarter', ${at}, b.timezone)
  when 'yearly' then date_trunc('year', ${at}, b.timezone) end`;
const inScope = (alias: string) => sql.unsafe(["service", "model", "team", "project", "environment"]
  .map((d) => `(b.scope ->> '${d}' is null or ${alias}.${d} = b.scope ->> '${d}')`).join(" and "));
await sql`
  insert into public.budget_ledgers (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select b.org_id, b.id, ${periodStart(sql`r.bucket`)},
    case b.per when 'team' then r.team else '' end, sum(r.cost), sum(r.event_count), sum(r.unpriced_count)
  from public.budgets b join public.spend_rollups r on r.org_id = b.org_id and ${inScope("r")}
  where b.org_id = ${org} and (b.per is null or b.per = 'team')
  group by 1, 2, 3, 4`;
await sql`
  insert into public.budget_ledgers (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select b.org_id, b.id, ${periodStart(sql`e.occurred_at`)}, e.end_user, sum(e.cost), count(*), 0
  from public.budgets b join public.usage_events e on e.org_id = b.org_id and ${inScope("e")}
  where b.org_id = ${org} and b.per = 'end_user'
  group by 1, 2, 3, 4`;
const [{ ledgers }] = await sql<{ ledgers: string }[]>`select count(*)::text as ledgers from public.budget_ledgers where org_id = ${org}`;
console.log(`budget_ledgers: ${Number(ledgers).toLocaleString("en-US")} rows for ${specs.length} budgets by SQL aggregation in ${((performance.now() - ledgerStarted) / 1000).toFixed(0)} s`);
const analyzeStarted = performance.now();
await sql`analyze`;
console.log(`analyze: ${((performance.now() - analyzeStarted) / 1000).toFixed(0)} s; whole setup ${((performance.now() - genStarted) / 1000).toFixed(0)} s`);

// ---------------------------------------------------------------------------------------------
// 2. getBudgetStatus in this process: whole call and its statements' database time
// ---------------------------------------------------------------------------------------------

const { db } = await import("../lib/db/index.ts");
const { getBudgetStatus } = await import("../lib/services/budgets/get-budget-status.ts");
const { byApiKey } = await import("../lib/services/budgets/budget-caller.ts");
const [orgRow] = await sql<{ name: string; slug: string; created_at: Date }[]>`select name, slug, created_at from public.organizations where id = ${org}`;
const caller = byApiKey({
  id: keys[0].id, name: "bench 0", scopes: ["check", "read"],
  org: { id: org, name: orgRow.name, slug: orgRow.slug, baseCurrency: "USD", timezone: "UTC", createdAt: orgRow.created_at },
});

// Every statement the app's pool sends, with its parameters (postgres.js calls debug per query).
let captured: { query: string; parameters: unknown[] }[] = [];
Object.assign(db().sql.options, { debug: (_connection: number, query: string, parameters: unknown[]) => captured.push({ query, parameters }) });

type Plan = { "Planning Time": number; "Execution Time": number; Plan: Record<string, unknown> };
/** Planning + execution time of the statements a call sent (its reads; set_config and begin/commit are round trips only). */
type Replayed = { query: string; parameters: unknown[]; plan: Plan };
async function databaseMs(statements: typeof captured): Promise<{ ms: number; plans: Replayed[] }> {
  let ms = 0;
  const plans: Replayed[] = [];
  for (const { query, parameters } of statements) {
    if (!/^\s*select/i.test(query) || /set_config\(/.test(query)) continue;
    const [row] = await sql.unsafe<{ "QUERY PLAN": Plan[] }[]>(`explain (analyze, format json) ${query}`, parameters as never[]);
    const plan = row["QUERY PLAN"][0];
    ms += plan["Planning Time"] + plan["Execution Time"];
    plans.push({ query, parameters, plan });
  }
  return { ms, plans };
}

/** The plan's top nodes down to the first scan, as a line: where the time goes. */
function planLine(plan: Record<string, unknown>, depth = 0): string {
  const node = `${String(plan["Node Type"])}${plan["Relation Name"] ? ` on ${String(plan["Relation Name"])}` : ""}${plan["Index Name"] ? ` using ${String(plan["Index Name"])}` : ""}` +
    ` (rows ${String(plan["Actual Rows"])}, ${Number(plan["Actual Total Time"]).toFixed(1)} ms)`;
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  if (children.length === 0 || depth > 6) return node;
  const slowest = children.reduce((a, b) => (Number(a["Actual Total Time"]) >= Number(b["Actual Total Time"]) ? a : b));
  return `${node} ← ${planLine(slowest, depth + 1)}`;
}

await getBudgetStatus(caller, budgetIds[0].id); // warm-up: module init, pool

// Cold: before any forecast is stored, a status of a non-daily budget reads its raw daily series.
const coldBudget = budgetIds.find((budget) => !/daily|per /.test(budget.name)) ?? budgetIds[0];
captured = [];
const coldStarted = performance.now();
await getBudgetStatus(caller, coldBudget.id);
const coldCallMs = performance.now() - coldStarted;
const cold = await databaseMs(captured);
console.log(`status before any forecast is stored (${coldBudget.name}): call ${coldCallMs.toFixed(1)} ms, database ${cold.ms.toFixed(1)} ms`);

// What the hourly cron job does: run-forecasts stores every budget's forecast (one call per budget
// here, so no call runs into the function's time limit). The status phase below is the steady state.
const refreshStarted = performance.now();
let storedForecasts = 0;
for (const budget of budgetIds) {
  const response = await fetch(`http://127.0.0.1:${ports.gateway}/functions/v1/run-forecasts`, {
    method: "POST", headers: { authorization: `Bearer ${serviceRoleJwt}`, "content-type": "application/json" }, body: JSON.stringify({ budget_id: budget.id }),
  });
  const body = (await response.json()) as { stored?: number };
  if (!response.ok) throw new Error(`run-forecasts answered ${response.status}: ${JSON.stringify(body)}`);
  storedForecasts += body.stored ?? 0;
}
console.log(`run-forecasts: ${storedForecasts} forecasts stored for ${budgetIds.length} budgets in ${((performance.now() - refreshStarted) / 1000).toFixed(1)} s (per-subject budgets have none)`);
const perBudget = new Map<string, { call: number[]; dbMs: number[]; slowest: (Replayed & { ms: number }) | null }>();
const allCall: number[] = [];
const allDb: number[] = [];
const statusStarted = performance.now();
for (let n = 0; n < STATUS_SAMPLES && performance.now() - statusStarted < PHASE_SECONDS * 1000; n++) {
  const budget = budgetIds[n % budgetIds.length];
  captured = [];
  const t0 = performance.now();
  await getBudgetStatus(caller, budget.id);
  const callMs = performance.now() - t0;
  const { ms, plans } = await databaseMs(captured);
  const entry = perBudget.get(budget.name) ?? { call: [], dbMs: [], slowest: null };
  entry.call.push(callMs);
  entry.dbMs.push(ms);
  for (const replayed of plans) {
    const total = replayed.plan["Planning Time"] + replayed.plan["Execution Time"];
    if (!entry.slowest || total > entry.slowest.ms) entry.slowest = { ...replayed, ms: total };
  }
  perBudget.set(budget.name, entry);
  allCall.push(callMs);
  allDb.push(ms);
}
Object.assign(db().sql.options, { debug: false });
console.log("");
console.log(summarize("status: database time (all budgets)", allDb));
console.log(summarize("status: getBudgetStatus call, in-process", allCall));
for (const [name, entry] of perBudget) {
  console.log(summarize(`  db time: ${name}`, entry.dbMs));
}
const slowest = [...perBudget.entries()].filter(([, e]) => e.slowest).sort((a, b) => b[1].slowest!.ms - a[1].slowest!.ms)[0];
if (slowest) {
  const [name, entry] = slowest;
  console.log(`slowest status statement (${name}, ${entry.slowest!.ms.toFixed(1)} ms): ${entry.slowest!.query.replace(/\s+/g, " ").slice(0, 160)}…`);
  console.log(`  plan: ${planLine(entry.slowest!.plan.Plan)}`);
  // A function's own statements are hidden behind "Function Scan": auto_explain shows them.
  const nested: string[] = [];
  const probe = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 1,
    onnotice: (notice) => nested.push(String(notice.message)) });
  await probe.unsafe(`load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on;
    set auto_explain.log_nested_statements = on; set auto_explain.log_level = notice`);
  await probe.unsafe(entry.slowest!.query, entry.slowest!.parameters as never[]);
  await probe.end();
  const inner = nested.join("\n").split("\n").filter((line) => /Scan on usage_events|Scan using usage_events|Rows Removed by Filter: \d{4,}/.test(line) && !line.includes("never executed")).slice(0, 8);
  console.log(`  inside it (auto_explain):\n${inner.map((line) => `    ${line.trim()}`).join("\n")}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Over HTTP: POST /api/v1/check and GET /api/v1/budgets/{id}/status against `next start`
// ---------------------------------------------------------------------------------------------

const app = await startBenchApp("status", ports.app, { ...stack.env, DATABASE_URL: dbUrl });

const teams = ["search", "support", "growth", "platform"];
function checkBody(n: number, reserve: boolean): Record<string, unknown> {
  const team = teams[n % teams.length];
  return {
    service: n % 2 ? "openai" : "anthropic", model: n % 2 ? "gpt-4o" : "claude-sonnet-4-5",
    quantities: { input_tokens: 500 + (n % 1000), output_tokens: 100 + (n % 300) },
    team, project: `${team}-p${n % 2}`, environment: "prod", end_user: `user-${n % 500}`,
    ...(reserve ? { reserve: { ttl_seconds: 120 } } : {}),
  };
}

async function httpPhase(label: string, total: number, request: (n: number) => Promise<Response>, clients = CLIENTS) {
  const samples: number[] = [];
  const statuses = new Map<number, number>();
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (n < total && performance.now() - started < PHASE_SECONDS * 1000) {
      const mine = n++;
      const t0 = performance.now();
      const response = await request(mine);
      await response.arrayBuffer();
      samples.push(performance.now() - t0);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  console.log(summarize(label, samples));
  console.log(`${"".padEnd(44)} ${(samples.length / seconds).toFixed(0)} requests/s (${clients} client${clients === 1 ? "" : "s"}); statuses ${[...statuses].map(([s, c]) => `${s}×${c}`).join(", ")}`);
}

const base = `http://127.0.0.1:${ports.app}`;
const post = (n: number, reserve: boolean) => fetch(`${base}/api/v1/check`, {
  method: "POST", headers: { authorization: `Bearer ${keys[n % keys.length].secret}`, "content-type": "application/json" },
  body: JSON.stringify(checkBody(n, reserve)),
});
const getStatus = (n: number) => fetch(`${base}/api/v1/budgets/${budgetIds[n % budgetIds.length].id}/status`, {
  headers: { authorization: `Bearer ${keys[n % keys.length].secret}` },
});
// Warm-up: route compilation caches, key cache, pool.
for (let i = 0; i < keys.length; i++) {
  await (await post(i, false)).arrayBuffer();
  await (await getStatus(i)).arrayBuffer();
}
const [{ matching }] = await sql<{ matching: string }[]>`select count(*)::text as matching from public.budgets where org_id = ${org}`;
console.log(`\nHTTP against next start; each check matches several of the ${matching} budgets (hard enforcement, ledger rows locked per check)`);
// One client first: a check's own latency, without waiting on other checks' ledger row locks.
await httpPhase("HTTP POST /api/v1/check (no reserve), 1 client", CHECKS / 4, (n) => post(n, false), 1);
await httpPhase("HTTP POST /api/v1/check (no reserve)", CHECKS / 2, (n) => post(n, false));
await httpPhase("HTTP POST /api/v1/check (reserve)", CHECKS / 2, (n) => post(n, true));
await httpPhase("HTTP GET /api/v1/budgets/{id}/status", STATUS_SAMPLES, getStatus);
const [{ held }] = await sql<{ held: string }[]>`select count(*)::text as held from public.reservations where org_id = ${org} and status = 'held'`;
console.log(`reservations held after the run: ${held}`);

await app.stop();
await sql.end();
await db().sql.end();
await stack.stop();
