/** The organization's alert rules, all or one budget's or one kind's (viewers and up; API keys with "read"). */
import "server-only";
import { BUDGET_NOT_FOUND } from "@/lib/services/budgets/budget-row";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectRules } from "./rule-row";
import { ListAlertRulesInput, type AlertRule } from "./rule-schemas";

export async function listAlertRules(caller: AlertCaller, input: ListAlertRulesInput = {}): Promise<AlertRule[]> {
  const filter = parseInput(ListAlertRulesInput, input);
  return asAlertCaller(caller, "read", async (tx, org) => {
    // Another organization's budget is not found, rather than an empty list that says "no rules".
    if (filter.budget_id !== undefined) {
      const [budget] = await tx`select 1 from public.budgets where id = ${filter.budget_id} and org_id = ${org.id}`;
      if (!budget) throw new NotFoundError(BUDGET_NOT_FOUND);
    }
    return selectRules(tx, org.id, { budgetId: filter.budget_id, kind: filter.kind });
  });
}
