/**
 * Stored forecasts against the real stack: run-forecasts, invoked through the gateway with the
 * service-role key, stores a validated forecast for the organization's budgets; anonymous
 * callers are refused; the status then reports the stored forecast; the pg_cron job
 * 'run-forecasts' is scheduled hourly and its command (Vault URL and key, pg_net) refreshes them.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { anonJwt, serviceRoleJwt } from "../../supabase/local/config.ts";
import { gatewayUrl } from "../helpers/local-stack.ts";
import { forecastSchema } from "../../lib/core/forecast/schema.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { getBudgetStatus } from "../../lib/services/budgets/get-budget-status.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
let owner: OrgContext;
let viewer: OrgContext;
let budgetIds: string[];

type StoredRow = { budget_id: string; method: string; backtest_error: number | null; history_days: number; computed_at: Date; forecast: unknown };
const storedRows = () => sql<StoredRow[]>`
  select budget_id, method, backtest_error, history_days, computed_at, forecast
  from public.budget_forecasts where org_id = ${owner.org.id} order by budget_id`;

const invoke = (body: unknown, token?: string) => fetch(`${gatewayUrl}/functions/v1/run-forecasts`, {
  method: "POST",
  headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  const team = await teamOrg(sql, "forecasts");
  owner = team.owner;
  viewer = await team.as("viewer");
  // Five weeks of daily spend (a weekly rhythm), so every method is compared and backtested.
  const day = 86_400_000;
  const events = Array.from({ length: 35 }, (_, index) => ({
    id: `f-${randomUUID()}`, timestamp: new Date(Date.now() - (index + 1) * day).toISOString(),
    service: "openai", model: "m-1", cost: String(3 + ((index % 7) === 0 ? 4 : 0)), currency: "USD",
  }));
  const result = await ingestEvents({ org: owner.org, source: "api", apiKeyId: null, userId: null }, events);
  expect(result.accepted).toBe(35);
  const monthly = await createBudget(byUser(owner), { name: "Monthly", amount: "200", period: { kind: "monthly", startDay: 1 }, scope: {} });
  const weekly = await createBudget(byUser(owner), { name: "Weekly", amount: "30", period: { kind: "weekly", weekStart: 1 }, scope: { service: "openai" } });
  budgetIds = [monthly.budget.id, weekly.budget.id];
}, 60_000);

// The Vault secrets stay: the stack stores them at start and every suite's pokes and cron jobs use them.
afterAll(() => sql.end());

describe("run-forecasts", () => {
  it("refuses callers without the service-role key, storing nothing", async () => {
    expect((await invoke({ org_id: owner.org.id })).status).toBe(401);
    const anon = await invoke({ org_id: owner.org.id }, anonJwt);
    expect(anon.status).toBe(403);
    expect(await anon.json()).toMatchObject({ error: { code: "forbidden" } });
    expect(await storedRows()).toEqual([]);
  });

  it("stores a validated forecast for each of the organization's budgets", async () => {
    const response = await invoke({ org_id: owner.org.id }, serviceRoleJwt);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ budgets: 2, stored: 2, skipped: 0, failed: 0, left: 0 });
    const rows = await storedRows();
    expect(rows.map((row) => row.budget_id).sort()).toEqual([...budgetIds].sort());
    for (const row of rows) {
      const forecast = forecastSchema.parse(row.forecast);
      expect(row.method).toBe(forecast.method);
      expect(row.backtest_error).toBe(forecast.backtestError);
      expect(row.backtest_error).not.toBeNull();
      expect(row.history_days).toBe(35);
      expect(forecast.cumulative.length).toBeGreaterThan(0);
      for (const band of forecast.cumulative) expect(band.p10).toBeLessThanOrEqual(band.p90);
      expect(Date.now() - row.computed_at.getTime()).toBeLessThan(60_000);
    }
  });

  it("upserts: a second run replaces the row of the period rather than adding one", async () => {
    const before = await storedRows();
    const response = await invoke({ budget_id: budgetIds[0] }, serviceRoleJwt);
    expect(await response.json()).toMatchObject({ budgets: 1, stored: 1 });
    const after = await storedRows();
    expect(after).toHaveLength(2);
    const refreshed = after.find((row) => row.budget_id === budgetIds[0])!;
    expect(refreshed.computed_at.getTime()).toBeGreaterThan(before.find((row) => row.budget_id === budgetIds[0])!.computed_at.getTime());
  });

  it("feeds the status: a member sees the stored forecast with its time", async () => {
    const [row] = await sql<StoredRow[]>`select * from public.budget_forecasts where budget_id = ${budgetIds[0]}`;
    const { status } = await getBudgetStatus(byUser(viewer), budgetIds[0]);
    const stored = forecastSchema.parse(row.forecast);
    expect(status.forecast).toMatchObject({ computed_at: row.computed_at.toISOString(), method: stored.method, backtest_error: stored.backtestError });
    expect(status.forecast?.cumulative).toEqual(stored.cumulative);
  });

  it("is computed on request when the stored one is stale", async () => {
    await sql`update public.budget_forecasts set computed_at = now() - interval '3 hours' where budget_id = ${budgetIds[1]}`;
    const before = Date.now();
    const { status } = await getBudgetStatus(byUser(viewer), budgetIds[1]);
    expect(Date.parse(status.forecast!.computed_at)).toBeGreaterThanOrEqual(before);
  });
});

describe("the run-forecasts cron job", () => {
  it("is scheduled hourly and its command refreshes the forecasts through pg_net", async () => {
    const [job] = await sql<{ schedule: string; command: string; active: boolean }[]>`
      select schedule, command, active from cron.job where jobname = 'run-forecasts'`;
    expect(job).toMatchObject({ schedule: "17 * * * *", active: true });
    expect(job.command).toBe("select private.invoke_function('run-forecasts')");

    // The Vault secrets the command reads were stored by the stack at start (supabase/local/stack.ts).
    const [{ latest }] = await sql<{ latest: Date }[]>`select max(computed_at) as latest from public.budget_forecasts where org_id = ${owner.org.id}`;
    await sql.unsafe(job.command);
    await eventually(async () => {
      const [{ count }] = await sql<{ count: number }[]>`
        select count(*)::int as count from public.budget_forecasts where org_id = ${owner.org.id} and computed_at > ${latest}`;
      return count === 2 ? count : undefined;
    }, 60_000);
  }, 90_000);
});
