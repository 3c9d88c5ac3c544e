/**
 * Changes a budget (admins; API keys with "write"): only the fields given. Its ledgers are
 * rebuilt from the stored events when what it counts changed (period, time zone, scope, subject).
 * Another organization's budget is not found, and nothing changes.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { NotFoundError } from "@/lib/services/errors";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { BUDGET_NOT_FOUND, selectBudget } from "./budget-row";
import { NO_BILLED_WARNING, NO_USAGE_WARNING, type BudgetWriteResult } from "./create-budget";
import { evaluateBudgetAlerts } from "@/lib/services/alerts/evaluate-budget-alerts";
import { rebuildBudgetLedgers } from "./rebuild-budget-ledgers";
import { BudgetIdInput, UpdateBudgetInput } from "./schemas";
import { countsSomething, requireBilledSource } from "./billed-basis";

const COUNTING_FIELDS = ["period", "timezone", "scope", "per", "cost_basis"] as const;

export async function updateBudget(caller: BudgetCaller, budgetId: string, input: UpdateBudgetInput): Promise<BudgetWriteResult> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  const changes = parseInput(UpdateBudgetInput, input);
  const { after, matches } = await asCaller(caller, "write", async (tx, org) => {
    const before = await selectBudget(tx, org.id, id);
    const next = { ...before, ...changes };
    // Turning rollover off drops its cap (the table refuses a cap without rollover).
    const rolloverCap = next.rollover ? next.rollover_cap : null;
    const updated = await tx`
      update public.budgets set name = ${next.name}, amount = ${next.amount}, period = ${tx.json(next.period)}, timezone = ${next.timezone},
        scope = ${tx.json(next.scope)}, per = ${next.per}, parent_id = ${next.parent_id}, rollover = ${next.rollover},
        rollover_cap = ${rolloverCap}, enforcement = ${next.enforcement}, warn_at_percent = ${next.warn_at_percent},
        cost_basis = ${next.cost_basis}
      where id = ${id} and org_id = ${org.id}`;
    if (updated.count === 0) throw new NotFoundError(BUDGET_NOT_FOUND);
    await requireBilledSource(tx, org.id, next);
    const after = await selectBudget(tx, org.id, id);
    // What it counts changed: recount its ledgers in the same transaction.
    if (COUNTING_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))) {
      await rebuildBudgetLedgers(tx, org.id, id);
    }
    // A raised budget resolves its alerts, a lowered one may fire them: decided with the change.
    await evaluateBudgetAlerts(tx, org.id, [id]);
    return { after, matches: await countsSomething(tx, org.id, after) };
  });
  return { budget: after, warnings: matches ? [] : [after.cost_basis === "billed" ? NO_BILLED_WARNING : NO_USAGE_WARNING] };
}
