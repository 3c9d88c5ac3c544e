/**
 * Deletes a budget and its ledgers (admins; API keys with "write"). A budget with children is
 * refused (the database's foreign key; the message says to move or delete them first). Another
 * organization's budget is not found.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { NotFoundError } from "@/lib/services/errors";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { BUDGET_NOT_FOUND } from "./budget-row";
import { BudgetIdInput } from "./schemas";

export async function deleteBudget(caller: BudgetCaller, budgetId: string): Promise<void> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  await asCaller(caller, "write", async (tx, org) => {
    const deleted = await tx`delete from public.budgets where id = ${id} and org_id = ${org.id}`;
    if (deleted.count === 0) throw new NotFoundError(BUDGET_NOT_FOUND);
  });
}
