/** One budget; another organization's id is not found (viewers and up; API keys with "read"). */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget, type Budget } from "./budget-row";
import { BudgetIdInput } from "./schemas";

export function getBudget(caller: BudgetCaller, budgetId: string): Promise<Budget> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asCaller(caller, "read", (tx, org) => selectBudget(tx, org.id, id));
}
