/**
 * The dashboard's budget cards, as the signed-in member: every budget's status (the budgets
 * page's own reads, lib/services/budgets/get-budget-status.ts), worst first (budget-card-order.ts),
 * cut to DASHBOARD_BUDGETS_SHOWN, each with what its card draws: spent of the effective amount,
 * and for a whole budget with a forecast the cumulative forecast to the period end (median and
 * 80% band) for the burn-down.
 */
import "server-only";
import type { BudgetPeriod } from "@/lib/core/budgets/periods";
import type { BudgetStatusWord } from "@/lib/core/budgets/status";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { listBudgetStatuses } from "@/lib/services/budgets/get-budget-status";
import type { OrgContext } from "@/lib/tenancy/context";
import { compareBudgetCards } from "./budget-card-order";
import { DASHBOARD_BUDGETS_SHOWN } from "./dashboard-schemas";

export type BudgetCard = {
  id: string;
  name: string;
  currency: string;
  period: BudgetPeriod;
  per: string | null;
  warnAtPercent: number;
  status: BudgetStatusWord;
  spent: string;
  effectiveAmount: string;
  percent: number;
  /** The current period [start, end), ISO; null for an open end or start. */
  periodStart: string | null;
  periodEnd: string | null;
  subjectCount: number;
  /** Cumulative spend forecast from today to the period end (approximate), or null. */
  forecast: { date: string; p10: number; p50: number; p90: number }[] | null;
};

/** `asOf`: when the statuses were read (ISO); `total`: how many budgets there are. */
export type DashboardBudgets = { cards: BudgetCard[]; total: number; asOf: string };

export async function getDashboardBudgets(ctx: OrgContext, now = Date.now()): Promise<DashboardBudgets> {
  const budgets = await listBudgetStatuses(byUser(ctx), now);
  const cards = budgets.map(({ budget, status }): BudgetCard => ({
    id: budget.id,
    name: budget.name,
    currency: budget.currency,
    period: budget.period,
    per: budget.per,
    warnAtPercent: budget.warn_at_percent,
    status: status.status,
    spent: status.spent,
    effectiveAmount: status.effective_amount,
    percent: status.percent,
    periodStart: status.period.start,
    periodEnd: status.period.end,
    subjectCount: status.subject_count,
    forecast: status.forecast?.cumulative.map(({ date, p10, p50, p90 }) => ({ date, p10, p50, p90 })) ?? null,
  }));
  cards.sort(compareBudgetCards);
  return { cards: cards.slice(0, DASHBOARD_BUDGETS_SHOWN), total: cards.length, asOf: new Date(now).toISOString() };
}
