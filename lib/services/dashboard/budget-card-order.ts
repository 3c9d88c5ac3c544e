/**
 * The order of the dashboard's budget cards, worst first: exceeded, critical, forecast to exceed,
 * warning, on track; then the fullest; then by name. Shared with the browser, which re-sorts the
 * cards when a live update changes a status.
 */
import { BUDGET_STATUSES, type BudgetStatusWord } from "@/lib/core/budgets/status";

const SEVERITY = new Map<BudgetStatusWord, number>(BUDGET_STATUSES.map((word, index) => [word, index]));

export function compareBudgetCards(a: { status: BudgetStatusWord; percent: number; name: string }, b: typeof a): number {
  return (SEVERITY.get(b.status) ?? 0) - (SEVERITY.get(a.status) ?? 0) || b.percent - a.percent || a.name.localeCompare(b.name);
}
