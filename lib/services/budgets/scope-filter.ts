/**
 * The SQL filter for a budget scope on public.usage_events (alias e): the same rule as
 * lib/core/budgets/scope.ts matchesScope and private.rebuild_budget_ledgers.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { SCOPE_DIMENSIONS, type BudgetScope } from "@/lib/core/budgets/scope";

export function scopeFilter(tx: Tx, scope: BudgetScope) {
  let filter = tx`e.tags @> ${tx.json(scope.tags ?? {})}`;
  for (const dimension of SCOPE_DIMENSIONS) {
    const wanted = scope[dimension];
    if (wanted !== undefined) filter = tx`${filter} and ${tx(`e.${dimension}`)} = ${wanted}`;
  }
  return filter;
}

/** Whether any stored event of the organization matches the scope (a scope matching none gets a warning). */
export async function scopeMatchesUsage(tx: Tx, orgId: string, scope: BudgetScope): Promise<boolean> {
  const [row] = await tx<{ found: boolean }[]>`
    select exists (select 1 from public.usage_events e where e.org_id = ${orgId} and ${scopeFilter(tx, scope)}) as found`;
  return row.found;
}
