/**
 * A budget's status now (lib/core/budgets/status.ts): two reads in the caller's transaction —
 * its ledgers since the period it was created in (for rollover and history), and its scope's
 * spend per complete local day in its time zone for the forecast: from its own ledgers for a
 * daily budget, otherwise from the raw events (kept for the organization's retention, so the
 * series is as long as the retention allows, at most SERIES_DAYS).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { periodAt } from "@/lib/core/budgets/periods";
import { budgetStatus, seriesDates, type BudgetStatus, type StatusLedger } from "@/lib/core/budgets/status";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget, selectBudgets, type Budget } from "./budget-row";
import { BudgetIdInput } from "./schemas";
import { scopeFilter } from "./scope-filter";

/** Days of history the forecast reads (its backtest compares methods over the last 42 days and more). */
export const SERIES_DAYS = 120;

export type BudgetWithStatus = { budget: Budget; status: BudgetStatus };

async function readLedgers(tx: Tx, budget: Budget, from: number | null): Promise<StatusLedger[]> {
  const rows = await tx<{ period_start: string | null; subject: string; spent: string; event_count: string; unpriced_count: string; reserved: string }[]>`
    select case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      subject, spent::text as spent, event_count::text as event_count, unpriced_count::text as unpriced_count, reserved::text as reserved
    from public.budget_ledgers
    where budget_id = ${budget.id} ${from === null ? tx`` : tx`and period_start >= ${new Date(from)}`}`;
  return rows.map((row) => ({
    period_start: row.period_start === null ? null : Number(row.period_start),
    subject: row.subject,
    spent: row.spent,
    event_count: Number(row.event_count),
    unpriced_count: Number(row.unpriced_count),
    reserved: row.reserved,
  }));
}

async function readDailySeries(tx: Tx, orgId: string, budget: Budget, now: number): Promise<number[]> {
  if (budget.per !== null) return [];
  const today = periodAt({ kind: "daily" }, budget.timezone, now)!;
  const from = periodAt({ kind: "daily" }, budget.timezone, today.start! - SERIES_DAYS * 86_400_000)!.start!;
  const rows = budget.period.kind === "daily"
    ? await tx<{ day: string; spent: number }[]>`
        select to_char(period_start at time zone ${budget.timezone}, 'YYYY-MM-DD') as day, spent::float8 as spent
        from public.budget_ledgers where budget_id = ${budget.id} and period_start >= ${new Date(from)} and period_start < ${new Date(today.start!)}
        order by 1`
    : await tx<{ day: string; spent: number }[]>`
        select to_char(e.occurred_at at time zone ${budget.timezone}, 'YYYY-MM-DD') as day, coalesce(sum(e.cost), 0)::float8 as spent
        from public.usage_events e
        where e.org_id = ${orgId} and e.occurred_at >= ${new Date(from)} and e.occurred_at < ${new Date(today.start!)}
          and ${scopeFilter(tx, budget.scope)}
        group by 1 order by 1`;
  if (rows.length === 0) return [];
  // From the first day with spend: before it the scope had no usage yet, not a run of zero days.
  const spentOn = new Map(rows.map((row) => [row.day, row.spent]));
  return seriesDates(rows[0].day, now, budget.timezone).map((date) => spentOn.get(date) ?? 0);
}

export async function readBudgetStatus(tx: Tx, orgId: string, budget: Budget, now: number): Promise<BudgetStatus> {
  const createdAt = Date.parse(budget.created_at);
  const firstPeriod = periodAt(budget.period, budget.timezone, Math.min(createdAt, now));
  const ledgers = await readLedgers(tx, budget, firstPeriod?.start ?? null);
  const dailySeries = await readDailySeries(tx, orgId, budget, now);
  return budgetStatus({
    budget: { ...budget, warn_at_percent: String(budget.warn_at_percent), created_at: createdAt },
    now,
    ledgers,
    dailySeries,
  });
}

export async function getBudgetStatus(caller: BudgetCaller, budgetId: string, now = Date.now()): Promise<BudgetWithStatus> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asCaller(caller, "read", async (tx, org) => {
    const budget = await selectBudget(tx, org.id, id);
    return { budget, status: await readBudgetStatus(tx, org.id, budget, now) };
  });
}

/** Every budget with its status (the budgets page). */
export async function listBudgetStatuses(caller: BudgetCaller, now = Date.now()): Promise<BudgetWithStatus[]> {
  return asCaller(caller, "read", async (tx, org) => {
    const budgets = await selectBudgets(tx, org.id);
    const result: BudgetWithStatus[] = [];
    for (const budget of budgets) result.push({ budget, status: await readBudgetStatus(tx, org.id, budget, now) });
    return result;
  });
}
