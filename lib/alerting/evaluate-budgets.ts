/**
 * Re-evaluates the actual and forecast rules of some budgets against their current period: every
 * subject's spent and effective amount (rollover included) from the ledgers, and the stored
 * forecast while it is fresh. Called when anything but new spend moves a budget's position —
 * the budget or a rule was changed, spend was repriced, a forecast was stored — so alerts fire
 * when a lowered budget or a new rule is already crossed, and resolve when a raised budget
 * clears them. (New spend takes the faster crossing path in lib/services/alerts/evaluate-ingest-alerts.ts.)
 */
import type { TransactionSql } from "postgres";
import { budgetPeriodSchema, periodAt } from "../core/budgets/periods.ts";
import { currentLimits, isFreshForecast, type StatusBudget } from "../core/budgets/status.ts";
import { forecastSchema, type Forecast } from "../core/forecast/schema.ts";
import { actualObservation, forecastObservation } from "../core/alerts/budget-observations.ts";
import { applyObservations, type ObservedRule } from "./apply-observations.ts";
import { readLedgers } from "./read-ledgers.ts";
import { readRules } from "./rule-rows.ts";

type BudgetRow = {
  id: string; amount: string; period: unknown; timezone: string; per: string | null; rollover: boolean;
  rollover_cap: string | null; warn_at_percent: string; created_at: Date; currency: string;
};

async function freshForecast(tx: TransactionSql, budgetId: string, periodStart: number | null, now: number): Promise<Forecast | null> {
  const [row] = await tx<{ period_start: string | null; computed_at: string; forecast: unknown }[]>`
    select case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      (extract(epoch from computed_at) * 1000)::bigint::text as computed_at, forecast
    from public.budget_forecasts
    where budget_id = ${budgetId} and subject = ''
    order by computed_at desc limit 1`;
  if (!row) return null;
  const stored = { period_start: row.period_start === null ? null : Number(row.period_start), computed_at: Number(row.computed_at) };
  const forecast = forecastSchema.safeParse(row.forecast);
  return forecast.success && isFreshForecast(stored, periodStart, now) ? forecast.data : null;
}

export async function evaluateBudgets(tx: TransactionSql, orgId: string, budgetIds: readonly string[], now: number): Promise<string[]> {
  if (budgetIds.length === 0) return [];
  const rules = await readRules(tx, orgId, { budgetIds: [...budgetIds], kinds: ["actual", "forecast"] });
  if (rules.length === 0) return [];
  const budgets = await tx<BudgetRow[]>`
    select b.id::text, b.amount::text, b.period, b.timezone, b.per, b.rollover, b.rollover_cap::text, b.warn_at_percent::text,
      b.created_at, o.base_currency as currency
    from public.budgets b join public.organizations o on o.id = b.org_id
    where b.org_id = ${orgId} and b.id = any (${[...new Set(rules.map((rule) => rule.budget_id))]}::uuid[])`;

  const observed: ObservedRule[] = [];
  for (const row of budgets) {
    const budget: StatusBudget = { ...row, period: budgetPeriodSchema.parse(row.period), created_at: row.created_at.getTime() };
    const first = periodAt(budget.period, budget.timezone, Math.min(budget.created_at, now));
    const { window, subjects } = currentLimits({ budget, now, ledgers: await readLedgers(tx, row.id, first?.start ?? null) });
    const own = rules.filter((rule) => rule.budget_id === row.id);
    const forecast = own.some((rule) => rule.kind === "forecast") && budget.per === null ? await freshForecast(tx, row.id, window.start, now) : null;
    for (const rule of own) {
      for (const limit of subjects) {
        const seen = rule.kind === "actual"
          ? actualObservation(rule.threshold, limit, row.currency)
          : forecast && limit.subject === "" ? forecastObservation(rule.threshold, limit, forecast, row.currency) : null;
        if (!seen) continue;
        observed.push({ rule, subject: limit.subject, breached: seen.breached, periodStart: window.start, periodEnd: window.end, facts: seen.facts });
      }
    }
  }
  return applyObservations(tx, orgId, observed, now);
}
