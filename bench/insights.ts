/**
 * The pages that read across a month of history (issue 8), no pass/fail:
 *   1. one organization with BENCH_EVENTS (10 million) usage events over ~13 months, generated in
 *      SQL (facets by trigger, rollups by SQL aggregation, as bench/dashboard does), six budgets a
 *      year old with their forecasts stored by run-forecasts (the hourly job's steady state), and an
 *      OpenAI cost connector whose synced bill covers the last 60 days (two line items a day);
 *   2. as the owner under RLS, in this process: the Recommendations page's list (six rules over the
 *      last 30 days: rollups, plus raw events for fingerprints and SMS), Reconciliation over the
 *      default 30 days and over 90, and the monthly report of last month.
 * Each runs until BENCH_SAMPLES samples or BENCH_PHASE_SECONDS (at least one sample): n is printed.
 * Its own stack on ports 57921/57922.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { dbPassword, dbSuperuser, repoRoot, serviceRoleJwt } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { machine, summarize } from "./report.ts";
import "./support/app-modules.ts";
import { createBenchOwner } from "./support/bench-owner.ts";
import { buildRollups, createPartitions, insertSyntheticEvents } from "./support/synthetic-usage.ts";

const ports = { gateway: 57921, db: 57922, app: 57900 };
const dataDir = path.join(repoRoot, ".local/bench/insights-db");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 20);
const DAY = 86_400_000;

console.log(`bench/insights — ${machine()}`);
await rm(dataDir, { recursive: true, force: true });
const stack = await startStack({ dataDir, ports, log: () => {} });
const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;
Object.assign(process.env, stack.env, { DATABASE_URL: dbUrl, SPENDGUARD_LOCAL_STACK: "1" });
const sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {} });
// The cron jobs (forecasts, syncs) would compete with the measurements.
await sql`select cron.unschedule(jobname) from cron.job`;

const { org, ctx } = await createBenchOwner(sql, stack.env, "insights");
const now = Date.now();
const spanStart = now - 390 * DAY;
const spanEnd = now - 60_000;
const started = performance.now();
await createPartitions(sql, { spanStart, spanEnd });
await insertSyntheticEvents(sql, { org, events: EVENTS, spanStart, spanEnd, unpricedEvery: 97 });
const rollups = await buildRollups(sql, { org, spanStart, spanEnd });
console.log(`generated ${EVENTS.toLocaleString("en-US")} events and ${rollups.toLocaleString("en-US")} rollup rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const budgets = [
  { name: "All usage, monthly", period: { kind: "monthly", startDay: 1 }, scope: {}, amount: "40000" },
  { name: "OpenAI, weekly", period: { kind: "weekly", weekStart: 1 }, scope: { service: "openai" }, amount: "2500" },
  { name: "Search team, quarterly", period: { kind: "quarterly", startMonth: 1 }, scope: { team: "search" }, amount: "30000" },
  { name: "Production, yearly", period: { kind: "yearly", startMonth: 1 }, scope: { environment: "prod" }, amount: "300000" },
  { name: "Claude Sonnet, daily", period: { kind: "daily" }, scope: { model: "claude-sonnet-4-5" }, amount: "600" },
  { name: "Nobody's, monthly", period: { kind: "monthly", startDay: 1 }, scope: { team: "no-such-team" }, amount: "100" },
];
await sql.begin(async (tx) => {
  await tx`select set_config('role', 'service_role', true)`;
  for (const budget of budgets) {
    await tx`insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, created_at)
      values (${org}, ${budget.name}, ${budget.amount}, 'USD', ${tx.json(budget.period)}, 'UTC', ${tx.json(budget.scope)}, ${new Date(spanStart)})`;
  }
});
const [{ id: connector }] = await sql<{ id: string }[]>`
  insert into public.connectors (org_id, provider, name, credentials) values (${org}, 'openai', 'OpenAI', '{"admin_key":"sk-admin-bench-000000"}')
  returning id`;
await sql`update public.connectors set synced_through = current_date - 1, sync_next_at = now() + interval '1 day' where id = ${connector}`;
await sql`
  insert into public.billed_costs (org_id, connector_id, service, day, line_item, currency, amount)
  select ${org}, ${connector}, 'openai', d::date, item, 'USD', round((100 + random() * 50)::numeric, 4)
  from generate_series(current_date - 60, current_date - 1, interval '1 day') d, unnest(array['gpt-4o, input', 'gpt-4o, output']) item`;
await sql`analyze`;

// What the hourly job does: run-forecasts stores every budget's forecast (statuses and the report read them).
const budgetIds = await sql<{ id: string }[]>`select id from public.budgets where org_id = ${org}`;
for (const { id } of budgetIds) {
  const response = await fetch(`http://127.0.0.1:${ports.gateway}/functions/v1/run-forecasts`, {
    method: "POST", headers: { authorization: `Bearer ${serviceRoleJwt}`, "content-type": "application/json" }, body: JSON.stringify({ budget_id: id }),
  });
  if (!response.ok) throw new Error(`run-forecasts answered ${response.status}: ${await response.text()}`);
}

const { listRecommendations } = await import("../lib/services/recommendations/list-recommendations.ts");
const { getReconciliation } = await import("../lib/services/reconciliation/get-reconciliation.ts");
const { getMonthlyReport } = await import("../lib/services/reports/get-monthly-report.ts");
const lastMonth = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const today = new Date(now).toISOString().slice(0, 10);
const ninetyDaysAgo = new Date(now - 89 * DAY).toISOString().slice(0, 10);

async function phase(label: string, call: () => Promise<unknown>) {
  const samples: number[] = [];
  const begun = performance.now();
  while (samples.length < SAMPLES && (samples.length === 0 || performance.now() - begun < PHASE_SECONDS * 1000)) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  console.log(summarize(label, samples));
}

console.log(`\nin-process service calls as the owner (RLS), up to ${SAMPLES} samples or ${PHASE_SECONDS} s each`);
await phase("  recommendations (30 days, six rules)", () => listRecommendations(ctx));
await phase("  reconciliation, 30 days", () => getReconciliation(ctx, {}));
await phase("  reconciliation, 90 days", () => getReconciliation(ctx, { from: ninetyDaysAgo, to: today }));
await phase(`  monthly report ${lastMonth}`, () => getMonthlyReport(ctx, lastMonth));

await sql.end();
const { db } = await import("../lib/db/index.ts");
await db().sql.end();
await stack.stop();
await rm(dataDir, { recursive: true, force: true });
