/** The organization's budgets, oldest first (viewers and up; API keys with "read"). */
import "server-only";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudgets, type Budget } from "./budget-row";

export function listBudgets(caller: BudgetCaller): Promise<Budget[]> {
  return asCaller(caller, "read", (tx, org) => selectBudgets(tx, org.id));
}
