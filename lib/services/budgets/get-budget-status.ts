/**
 * A budget's status now (lib/core/budgets/status.ts): three reads in the caller's transaction —
 * its ledgers since the period it was created in (for rollover and history), the forecast
 * run-forecasts stored for it, used when fresh, and only when it is not, its scope's spend per
 * complete local day (private.budget_daily_series, the same series run-forecasts reads) to
 * compute one. Several budgets' ledgers and forecasts are read in one query each.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { readLedgersOf } from "@/lib/alerting/read-ledgers";
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

/**
 * The latest stored forecast of each whole budget (per-subject budgets have none), one query for
 * all; a row that does not validate is ignored (that status computes one on request instead).
 */
async function readStoredForecasts(tx: Tx, budgets: readonly Budget[]): Promise<Map<string, StoredForecast>> {
  const ids = budgets.filter((budget) => budget.per === null).map((budget) => budget.id);
  if (ids.length === 0) return new Map();
  const rows = await tx<{ budget_id: string; period_start: string | null; computed_at: string; forecast: unknown }[]>`
    select distinct on (budget_id) budget_id,
      case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      (extract(epoch from computed_at) * 1000)::bigint::text as computed_at, forecast
    from public.budget_forecasts
    where budget_id = any (${ids}::uuid[]) and subject = ''
    order by budget_id, computed_at desc`;
  const stored = new Map<string, StoredForecast>();
  for (const row of rows) {
    const forecast = forecastSchema.safeParse(row.forecast);
    if (!forecast.success) continue;
    stored.set(row.budget_id, {
      period_start: row.period_start === null ? null : Number(row.period_start),
      computed_at: Number(row.computed_at),
      forecast: forecast.data,
    });
  }
  return stored;
}

export async function readBudgetStatus(tx: Tx, budget: Budget, now: number): Promise<BudgetStatus> {
  const [status] = await readBudgetStatuses(tx, [budget], now);
  return status;
}

/** The statuses of several budgets, in their order, with one read of ledgers and one of stored forecasts for all. */
export async function readBudgetStatuses(tx: Tx, budgets: readonly Budget[], now: number): Promise<BudgetStatus[]> {
  const since = budgets.map((budget) => periodAt(budget.period, budget.timezone, Math.min(Date.parse(budget.created_at), now))?.start ?? null);
  const ledgers = await readLedgersOf(tx, budgets.map((budget, index) => ({ budgetId: budget.id, from: since[index] })));
  const stored = await readStoredForecasts(tx, budgets);
  const statuses: BudgetStatus[] = [];
  for (const budget of budgets) {
    const forecast = stored.get(budget.id) ?? null;
    // A fresh stored forecast makes the series unnecessary: skip the read it costs.
    const current = periodAt(budget.period, budget.timezone, now);
    const fresh = forecast !== null && current !== null && isFreshForecast(forecast, current.start, now);
    const dailySeries = fresh ? [] : await readDailySeries(tx, budget, now);
    statuses.push(budgetStatus({
      budget: { ...budget, warn_at_percent: String(budget.warn_at_percent), created_at: Date.parse(budget.created_at) },
      now,
      ledgers: ledgers.get(budget.id) ?? [],
      dailySeries,
      stored: forecast,
    }));
  }
  return statuses;
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
    const statuses = await readBudgetStatuses(tx, budgets, now);
    return budgets.map((budget, index) => ({ budget, status: statuses[index] }));
  });
}
