/**
 * The dashboard's data requests with a large history (issue 7 §6), no pass/fail:
 *   1. one organization with BENCH_EVENTS (10 million) usage events over ~13 months, generated in
 *      SQL straight into the monthly partitions, with its spend_rollups and budget_ledgers built by
 *      SQL aggregation (as bench/status does), six budgets created a year ago with their forecasts
 *      stored by run-forecasts (the hourly job's steady state), and three open alerts; its owner is
 *      a real user signed up through the local Auth service;
 *   2. each of the dashboard's services (lib/services/dashboard) called in this process as that
 *      member, under RLS — what the page's first paint and the routes run;
 *   3. over HTTP against `next start`, signed in with the session cookies @supabase/ssr sets: every
 *      GET under /<org>/dashboard/data and the server-rendered page itself.
 * Each request type runs until BENCH_SAMPLES samples or PHASE_SECONDS (at least one sample): n is
 * printed. Aim (issue 7 §6): p95 ≤ 50 ms per data request.
 * BENCH_EXTRA_SQL names a file of SQL run after the migrations: a proposed migration, measured
 * before it lands.
 * Its own stack on ports 57721/57722, the app on 57700, built into its own dist dir.
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import postgres from "postgres";
import { dbPassword, dbSuperuser, repoRoot, serviceRoleJwt } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";
import { startBenchApp } from "./support/bench-app.ts";
import { createBenchOwner } from "./support/bench-owner.ts";
import { buildRollups, createPartitions, insertSyntheticEvents } from "./support/synthetic-usage.ts";

const ports = { gateway: 57721, db: 57722, app: 57700 };
const dataDir = path.join(repoRoot, ".local/bench/dashboard-db");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 15);
const DAY = 86_400_000;

console.log(`bench/dashboard — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({ dataDir, ports, log: () => {} });
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {} });
if (process.env.BENCH_EXTRA_SQL) {
  await sql.unsafe(readFileSync(path.resolve(process.env.BENCH_EXTRA_SQL), "utf8"));
  console.log(`applied ${process.env.BENCH_EXTRA_SQL} after the migrations`);
}

// ---------------------------------------------------------------------------------------------
// 1. The owner (a real account), the organization, 10 M events, rollups, budgets, alerts
// ---------------------------------------------------------------------------------------------

const { org, slug, email, password, ctx } = await createBenchOwner(sql, stack.env, "dashboard");

const now = Date.now();
const spanStart = now - 390 * DAY;
const spanEnd = now - 60_000;
const genStarted = performance.now();
await createPartitions(sql, { spanStart, spanEnd });
await insertSyntheticEvents(sql, { org, events: EVENTS, spanStart, spanEnd, unpricedEvery: 97 });
const eventsSeconds = (performance.now() - genStarted) / 1000;
const [{ inserted }] = await sql<{ inserted: string }[]>`select count(*)::text as inserted from public.usage_events where org_id = ${org}`;
console.log(`generated ${Number(inserted).toLocaleString("en-US")} events in SQL (facets by trigger) in ${eventsSeconds.toFixed(0)} s (1 in 97 unpriced)`);

const rollStarted = performance.now();
const rollups = await buildRollups(sql, { org, spanStart, spanEnd });
console.log(`spend_rollups: ${rollups.toLocaleString("en-US")} hourly rows by SQL aggregation in ${((performance.now() - rollStarted) / 1000).toFixed(0)} s`);

// Six budgets a year old, of the kinds a dashboard shows: the worst first, so all are read.
const specs = [
  { name: "All usage, monthly", period: { kind: "monthly", startDay: 1 }, timezone: "UTC", scope: {}, per: null, amount: "40000" },
  { name: "OpenAI, weekly", period: { kind: "weekly", weekStart: 1 }, timezone: "Europe/Berlin", scope: { service: "openai" }, per: null, amount: "2500" },
  { name: "Search team, quarterly", period: { kind: "quarterly", startMonth: 1 }, timezone: "America/New_York", scope: { team: "search" }, per: null, amount: "30000" },
  { name: "Production, yearly", period: { kind: "yearly", startMonth: 1 }, timezone: "UTC", scope: { environment: "prod" }, per: null, amount: "300000" },
  { name: "Each team, monthly", period: { kind: "monthly", startDay: 1 }, timezone: "UTC", scope: {}, per: "team", amount: "12000" },
  { name: "Claude Sonnet, daily", period: { kind: "daily" }, timezone: "UTC", scope: { model: "claude-sonnet-4-5" }, per: null, amount: "600" },
];
const budgetIds: string[] = [];
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'service_role', true)`;
  for (const spec of specs) {
    const [row] = await tx<{ id: string }[]>`insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, per, created_at)
      values (${org}, ${spec.name}, ${spec.amount}, 'USD', ${tx.json(spec.period)}, ${spec.timezone}, ${tx.json(spec.scope)}, ${spec.per},
        ${new Date(spanStart)}) returning id`;
    budgetIds.push(row.id);
  }
});
const periodStart = (at: postgres.Fragment) => sql`case b.period ->> 'kind'
  when 'daily' then date_trunc('day', ${at}, b.timezone) when 'weekly' then date_trunc('week', ${at}, b.timezone)
  when 'monthly' then date_trunc('month', ${at}, b.timezone) when 'quarterly' then date_trunc('quarter', ${at}, b.timezone)
  when 'yearly' then date_trunc('year', ${at}, b.timezone) end`;
const inScope = sql.unsafe(["service", "model", "team", "project", "environment"]
  .map((d) => `(b.scope ->> '${d}' is null or r.${d} = b.scope ->> '${d}')`).join(" and "));
await sql`
  insert into public.budget_ledgers (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select b.org_id, b.id, ${periodStart(sql`r.bucket`)}, case b.per when 'team' then r.team else '' end,
    sum(r.cost), sum(r.event_count), sum(r.unpriced_count)
  from public.budgets b join public.spend_rollups r on r.org_id = b.org_id and ${inScope}
  where b.org_id = ${org}
  group by 1, 2, 3, 4`;

// Three open alerts, as private.record_alerts writes them (with their outbox rows).
const rules = await sql<{ id: string; threshold: number }[]>`
  select id, threshold from public.alert_rules where budget_id = ${budgetIds[0]} and kind = 'actual' order by threshold`;
const monthStart = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1));
const nextMonth = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
for (const rule of rules) {
  await sql`select private.record_alerts(${org}, ${sql.json({ fire: [{
    rule_id: rule.id, subject: "", period_start: monthStart.toISOString(), period_end: nextMonth.toISOString(), notify: "sent",
    facts: { kind: "actual", currency: "USD", threshold: rule.threshold, amount: "40000", spent: String(rule.threshold * 410), percent: rule.threshold * 1.025 },
  }] })})`;
}
await sql`analyze`;
console.log(`budgets: ${specs.length} with ${rules.length} open alerts; whole setup ${((performance.now() - genStarted) / 1000).toFixed(0)} s`);

// What the hourly cron job does: run-forecasts stores every budget's forecast.
const forecastStarted = performance.now();
for (const budgetId of budgetIds) {
  const response = await fetch(`http://127.0.0.1:${ports.gateway}/functions/v1/run-forecasts`, {
    method: "POST", headers: { authorization: `Bearer ${serviceRoleJwt}`, "content-type": "application/json" }, body: JSON.stringify({ budget_id: budgetId }),
  });
  if (!response.ok) throw new Error(`run-forecasts answered ${response.status}: ${await response.text()}`);
}
console.log(`run-forecasts for ${budgetIds.length} budgets in ${((performance.now() - forecastStarted) / 1000).toFixed(1)} s`);

/** Runs `call` until SAMPLES samples or PHASE_SECONDS have passed (at least once) and prints the summary. */
async function phase(label: string, call: () => Promise<void>) {
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < SAMPLES && (samples.length === 0 || performance.now() - started < PHASE_SECONDS * 1000)) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  console.log(summarize(label, samples));
}

// ---------------------------------------------------------------------------------------------
// 2. The services in this process, as the member under RLS
// ---------------------------------------------------------------------------------------------

const { db } = await import("../lib/db/index.ts");
const { getDashboardTiles } = await import("../lib/services/dashboard/get-dashboard-tiles.ts");
const { getDashboardSpend } = await import("../lib/services/dashboard/get-dashboard-spend.ts");
const { getDashboardTop } = await import("../lib/services/dashboard/get-dashboard-top.ts");
const { getDashboardBudgets } = await import("../lib/services/dashboard/get-dashboard-budgets.ts");
const { getDashboardAlerts } = await import("../lib/services/dashboard/get-dashboard-alerts.ts");
const { getDashboardFeed } = await import("../lib/services/dashboard/get-dashboard-feed.ts");
const month = { range: "30d", granularity: "day" } as const;
const requests: { label: string; path: string; call: () => Promise<unknown> }[] = [
  { label: "tiles", path: "tiles", call: () => getDashboardTiles(ctx) },
  { label: "spend 30d by day", path: "spend?range=30d&granularity=day", call: () => getDashboardSpend(ctx, month) },
  { label: "spend 7d by hour", path: "spend?range=7d&granularity=hour", call: () => getDashboardSpend(ctx, { range: "7d", granularity: "hour" }) },
  { label: "spend 90d by day", path: "spend?range=90d&granularity=day", call: () => getDashboardSpend(ctx, { range: "90d", granularity: "day" }) },
  { label: "top 30d (models, teams, projects, end users)", path: "top?range=30d", call: () => getDashboardTop(ctx, month) },
  { label: "budgets (6)", path: "budgets", call: () => getDashboardBudgets(ctx) },
  { label: "alerts", path: "alerts", call: () => getDashboardAlerts(ctx) },
  { label: "feed", path: "feed", call: () => getDashboardFeed(ctx) },
];

console.log(`\nin-process service calls as the member (RLS), up to ${SAMPLES} samples or ${PHASE_SECONDS} s each`);
for (const request of requests) await phase(`  ${request.label}`, async () => void (await request.call()));

// ---------------------------------------------------------------------------------------------
// 3. Over HTTP against `next start`, signed in
// ---------------------------------------------------------------------------------------------

const app = await startBenchApp("dashboard", ports.app, { ...stack.env, DATABASE_URL: dbUrl });

// The session cookies exactly as the app's own client writes them.
let jar: { name: string; value: string }[] = [];
const auth = createServerClient(stack.env.NEXT_PUBLIC_SUPABASE_URL, stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
  cookies: { getAll: () => jar, setAll: (cookies) => void (jar = cookies.map(({ name, value }) => ({ name, value }))) },
});
const { error: signInError } = await auth.auth.signInWithPassword({ email, password });
if (signInError) throw new Error(`sign-in failed: ${signInError.message}`);
const cookie = jar.map(({ name, value }) => `${name}=${value}`).join("; ");
const base = `http://127.0.0.1:${ports.app}/${slug}`;
async function get(url: string) {
  const response = await fetch(url, { headers: { cookie, accept: url.includes("/data/") ? "application/json" : "text/html" }, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
}
// Warm-up: route compilation caches, the pool, the forecast cache.
for (const request of requests) await get(`${base}/dashboard/data/${request.path}`);

console.log(`\nHTTP GET against next start (1 client, signed in), up to ${SAMPLES} samples or ${PHASE_SECONDS} s each`);
for (const request of requests) await phase(`  /dashboard/data/${request.path}`, () => get(`${base}/dashboard/data/${request.path}`));
await phase("  /dashboard (the server-rendered page)", () => get(`${base}/dashboard`));

await app.stop();
await sql.end();
await db().sql.end();
await stack.stop();
