/**
 * What the budget page opens with, read in one transaction: the budget, its status (forecast and
 * past periods included), the actual side of its burn-down, its parent for the link up, and how
 * many children it has (the page loads their allocation after the first paint).
 * Another organization's id is not found (viewers and up; API keys with "read").
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget } from "./budget-row";
import { readBudgetStatus, type BudgetWithStatus } from "./get-budget-status";
import { readBurnDown, type BurnDown } from "./read-burn-down";
import { BudgetIdInput } from "./schemas";

export type BudgetDetail = BudgetWithStatus & { burn_down: BurnDown | null; parent: { id: string; name: string } | null; child_count: number };

export async function getBudgetDetail(caller: BudgetCaller, budgetId: string, now = Date.now()): Promise<BudgetDetail> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asCaller(caller, "read", async (tx, org) => {
    const budget = await selectBudget(tx, org.id, id);
    const status = await readBudgetStatus(tx, budget, now);
    const burnDown = await readBurnDown(tx, budget, status, now);
    const parent = budget.parent_id === null ? null : await selectBudget(tx, org.id, budget.parent_id);
    const [children] = await tx<{ count: number }[]>`
      select count(*)::int as count from public.budgets where org_id = ${org.id} and parent_id = ${budget.id}`;
    return { budget, status, burn_down: burnDown, parent: parent && { id: parent.id, name: parent.name }, child_count: children.count };
  });
}
