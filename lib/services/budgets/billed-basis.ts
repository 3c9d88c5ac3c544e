/**
 * What a budget on billed cost needs and counts: a cost connector for its service (the one place
 * its spend comes from), and billed figures rather than events when the verbs warn that a budget
 * counts nothing yet.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import type { BudgetScope } from "@/lib/core/budgets/scope";
import { InvalidError } from "@/lib/services/errors";
import { scopeMatchesUsage } from "./scope-filter";

type Counted = { cost_basis: "estimated" | "billed"; scope: BudgetScope };

export async function requireBilledSource(tx: Tx, orgId: string, budget: Counted): Promise<void> {
  if (budget.cost_basis !== "billed") return;
  const [connector] = await tx`select 1 from public.connectors where org_id = ${orgId} and provider <> 'make' and provider = ${budget.scope.service ?? ""}`;
  if (!connector) {
    const message = `No cost connector bills "${budget.scope.service}": add one under Settings → Connectors (OpenAI, Anthropic, Twilio or AWS), or count estimated cost.`;
    throw new InvalidError(message, { cost_basis: [message] });
  }
}

export async function countsSomething(tx: Tx, orgId: string, budget: Counted): Promise<boolean> {
  if (budget.cost_basis === "estimated") return scopeMatchesUsage(tx, orgId, budget.scope);
  const [billed] = await tx`select 1 from public.billed_costs where org_id = ${orgId} and service = ${budget.scope.service ?? ""} limit 1`;
  return billed !== undefined;
}
