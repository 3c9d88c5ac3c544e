/**
 * How a budget is split among its child budgets: each child's amount as a share of the parent's,
 * its spent and status this period (the same status the child's own page shows), and the part of
 * the parent's amount no child holds. Shares compare the configured amounts, which is what the
 * nesting rule keeps within the parent (children never add up to more than it); spent and status
 * use each child's effective amount (rollover included). Another organization's id is not found.
 */
import "server-only";
import type { BudgetStatusWord } from "@/lib/core/budgets/status";
import { compare, formatDecimal, parseDecimal, subtract, sum } from "@/lib/core/money";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget, selectBudgets } from "./budget-row";
import { readBudgetStatuses } from "./get-budget-status";
import { BudgetIdInput } from "./schemas";

export type AllocationChild = {
  id: string;
  name: string;
  amount: string;
  /** amount ÷ the parent's amount, in percent rounded to 0.1 (for people and bars). */
  share_percent: number;
  spent: string;
  effective_amount: string;
  percent: number;
  status: BudgetStatusWord;
};

export type BudgetAllocation = {
  amount: string;
  allocated: string;
  unallocated: string;
  unallocated_percent: number;
  /** Largest amount first, then by name. */
  children: AllocationChild[];
};

const share = (part: string, whole: string) => Math.round((Number(part) / Number(whole)) * 1000) / 10;

export async function getBudgetAllocation(caller: BudgetCaller, budgetId: string, now = Date.now()): Promise<BudgetAllocation> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asCaller(caller, "read", async (tx, org) => {
    const parent = await selectBudget(tx, org.id, id);
    const childBudgets = (await selectBudgets(tx, org.id)).filter((budget) => budget.parent_id === parent.id);
    const statuses = await readBudgetStatuses(tx, childBudgets, now);
    const children: AllocationChild[] = childBudgets.map((child, index) => {
      const status = statuses[index];
      return {
        id: child.id,
        name: child.name,
        amount: child.amount,
        share_percent: share(child.amount, parent.amount),
        spent: status.spent,
        effective_amount: status.effective_amount,
        percent: status.percent,
        status: status.status,
      };
    });
    children.sort((a, b) => compare(parseDecimal(b.amount), parseDecimal(a.amount)) || a.name.localeCompare(b.name));
    const allocated = sum(children.map((child) => parseDecimal(child.amount)));
    const unallocated = formatDecimal(subtract(parseDecimal(parent.amount), allocated));
    return { amount: parent.amount, allocated: formatDecimal(allocated), unallocated, unallocated_percent: share(unallocated, parent.amount), children };
  });
}
