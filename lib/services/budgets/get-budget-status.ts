/**
 * A budget's status now (lib/core/budgets/status.ts): three reads in the caller's transaction —
 * its ledgers since the period it was created in (for rollover and history), its scope's spend
 * per complete local day (private.budget_daily_series, the same series run-forecasts reads), and
 * the forecast run-forecasts stored for it, used when fresh (else the status computes one).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { readLedgers } from "@/lib/alerting/read-ledgers";
import { periodAt } from "@/lib/core/budgets/periods";
import { budgetStatus, isFreshForecast, SERIES_DAYS, type BudgetStatus, type StoredForecast } from "@/lib/core/budgets/status";
import { forecastSchema } from "@/lib/core/forecast/schema";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget, selectBudgets, type Budget } from "./budget-row";
import { BudgetIdInput } from "./schemas";

export type BudgetWithStatus = { budget: Budget; status: BudgetStatus };

async function readDailySeries(tx: Tx, budget: Budget, now: number): Promise<number[]> {
  if (budget.per !== null) return [];
  const rows = await tx<{ spent: number }[]>`
    select spent::float8 as spent from private.budget_daily_series(${budget.id}, ${SERIES_DAYS}, ${new Date(now)})`;
  return rows.map((row) => row.spent);
}

/** The latest stored forecast of the whole budget; a row that does not validate is ignored (computed on request instead). */
async function readStoredForecast(tx: Tx, budget: Budget): Promise<StoredForecast | null> {
  if (budget.per !== null) return null;
  const [row] = await tx<{ period_start: string | null; computed_at: string; forecast: unknown }[]>`
    select case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      (extract(epoch from computed_at) * 1000)::bigint::text as computed_at, forecast
    from public.budget_forecasts
    where budget_id = ${budget.id} and subject = ''
    order by computed_at desc limit 1`;
  if (!row) return null;
  const forecast = forecastSchema.safeParse(row.forecast);
  if (!forecast.success) return null;
  return { period_start: row.period_start === null ? null : Number(row.period_start), computed_at: Number(row.computed_at), forecast: forecast.data };
}

export async function readBudgetStatus(tx: Tx, budget: Budget, now: number): Promise<BudgetStatus> {
  const createdAt = Date.parse(budget.created_at);
  const firstPeriod = periodAt(budget.period, budget.timezone, Math.min(createdAt, now));
  const ledgers = await readLedgers(tx, budget.id, firstPeriod?.start ?? null);
  const stored = await readStoredForecast(tx, budget);
  // A fresh stored forecast makes the series unnecessary: skip the raw-events read it costs.
  const current = periodAt(budget.period, budget.timezone, now);
  const fresh = stored !== null && current !== null && isFreshForecast(stored, current.start, now);
  const dailySeries = fresh ? [] : await readDailySeries(tx, budget, now);
  return budgetStatus({
    budget: { ...budget, warn_at_percent: String(budget.warn_at_percent), created_at: createdAt },
    now,
    ledgers,
    dailySeries,
    stored,
  });
}

export async function getBudgetStatus(caller: BudgetCaller, budgetId: string, now = Date.now()): Promise<BudgetWithStatus> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asCaller(caller, "read", async (tx, org) => {
    const budget = await selectBudget(tx, org.id, id);
    return { budget, status: await readBudgetStatus(tx, budget, now) };
  });
}

/** Every budget with its status (the budgets page). */
export async function listBudgetStatuses(caller: BudgetCaller, now = Date.now()): Promise<BudgetWithStatus[]> {
  return asCaller(caller, "read", async (tx, org) => {
    const budgets = await selectBudgets(tx, org.id);
    const result: BudgetWithStatus[] = [];
    for (const budget of budgets) result.push({ budget, status: await readBudgetStatus(tx, budget, now) });
    return result;
  });
}
