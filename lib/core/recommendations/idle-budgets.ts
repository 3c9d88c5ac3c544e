/**
 * Rule: a budget that has counted no usage for a long while protects nothing — its scope may
 * not match how events are labelled (a misspelt model or team), or the work it covered stopped.
 *
 * Applies to recurring budgets (custom ranges and lifetime budgets have no "last period") that
 * existed for the whole quiet stretch and counted no event — priced or not, any subject — since
 * the start of the period holding min(now − WINDOW_DAYS days, the start of the last full period):
 * at least 30 days for short periods, and always the last full period and the current one so far.
 *
 * No saving (null): an idle budget costs nothing; the evidence says so.
 */
import { formatAmount, formatDay } from "../alerts/message-format.ts";
import { isRecurring, periodAt, previousPeriod, type BudgetPeriod } from "../budgets/periods.ts";
import { recommendationKey, WINDOW_DAYS, type Recommendation } from "./types.ts";

const DAY_MS = 86_400_000;

export type BudgetActivity = {
  id: string;
  name: string;
  amount: string;
  period: BudgetPeriod;
  timezone: string;
  createdAt: number;
  /** The newest period start whose ledger counted any event (any subject); null: never. */
  lastUsedPeriodStart: number | null;
};

export function idleBudgets(budgets: readonly BudgetActivity[], currency: string, now: number): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const budget of budgets) {
    if (!isRecurring(budget.period)) continue;
    const current = periodAt(budget.period, budget.timezone, now);
    const last = current && previousPeriod(budget.period, budget.timezone, current);
    if (!last || last.start === null || last.end === null) continue;
    const since = periodAt(budget.period, budget.timezone, Math.min(now - WINDOW_DAYS * DAY_MS, last.start))?.start ?? null;
    if (since === null || budget.createdAt > since) continue;
    if (budget.lastUsedPeriodStart !== null && budget.lastUsedPeriodStart >= since) continue;

    const day = (at: number) => formatDay(new Date(at), budget.timezone);
    const lastDays = day(last.start) === day(last.end - 1) ? day(last.start) : `${day(last.start)} to ${day(last.end - 1)}`;
    recommendations.push({
      kind: "idle_budget",
      key: recommendationKey("idle_budget", budget.id),
      title: `Budget “${budget.name}” counts no usage`,
      evidence: [
        `“${budget.name}” (${budget.period.kind}, ${formatAmount(budget.amount, currency)}) has counted no usage since ${day(since)}: ` +
          `none in its last full period (${lastDays}), none so far in this one.`,
        "A budget that counts nothing protects nothing: its scope may not match how events are labelled (a misspelt model, team or " +
          "project), or the work it covered has stopped. Fix the scope, or delete the budget.",
        "No saving to estimate: an idle budget costs nothing, but it suggests spend is watched where it is not.",
      ],
      monthly_saving: null,
      subject: { budget_id: budget.id },
    });
  }
  return recommendations;
}
