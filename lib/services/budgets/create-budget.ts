/**
 * Creates a budget (admins; API keys with "write") in the organization's base currency and, in
 * the same transaction, counts the stored events into its ledgers. A scope that matches no stored event is allowed
 * (the usage may not have started yet) but answered with a warning.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asCaller, type BudgetCaller } from "./budget-caller";
import { selectBudget, type Budget } from "./budget-row";
import { evaluateBudgetAlerts } from "@/lib/services/alerts/evaluate-budget-alerts";
import { rebuildBudgetLedgers } from "./rebuild-budget-ledgers";
import { CreateBudgetInput } from "./schemas";
import { countsSomething, requireBilledSource } from "./billed-basis";

export type BudgetWriteResult = { budget: Budget; warnings: string[] };

export const NO_USAGE_WARNING = "This scope matches no usage so far: the budget counts nothing until matching events arrive.";
export const NO_BILLED_WARNING = "Nothing billed for this service has been synced yet: the budget counts from the connector's first sync.";

export async function createBudget(caller: BudgetCaller, input: CreateBudgetInput): Promise<BudgetWriteResult> {
  const fields = parseInput(CreateBudgetInput, input);
  const { id, matches } = await asCaller(caller, "write", async (tx, org) => {
    const [row] = await tx<{ id: string }[]>`
      insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, per, parent_id, rollover, rollover_cap,
        enforcement, warn_at_percent, cost_basis)
      values (${org.id}, ${fields.name}, ${fields.amount}, ${org.baseCurrency}, ${tx.json(fields.period)}, ${fields.timezone ?? org.timezone},
        ${tx.json(fields.scope)}, ${fields.per}, ${fields.parent_id}, ${fields.rollover}, ${fields.rollover_cap}, ${fields.enforcement},
        ${fields.warn_at_percent}, ${fields.cost_basis})
      returning id`;
    await requireBilledSource(tx, org.id, fields);
    await rebuildBudgetLedgers(tx, org.id, row.id);
    // Its default rules (a trigger adds them) fire at once if its scope has already spent that much.
    await evaluateBudgetAlerts(tx, org.id, [row.id]);
    return { id: row.id, matches: await countsSomething(tx, org.id, fields) };
  });
  const budget = await asCaller(caller, "read", (tx, org) => selectBudget(tx, org.id, id));
  return { budget, warnings: matches ? [] : [fields.cost_basis === "billed" ? NO_BILLED_WARNING : NO_USAGE_WARNING] };
}
