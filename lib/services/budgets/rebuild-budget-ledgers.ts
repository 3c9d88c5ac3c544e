/**
 * Recomputes a budget's ledgers from the stored events, for every period from the oldest event
 * still kept to now: after a budget is created, or its period, time zone, scope or subject
 * changes. Runs inside the caller's transaction, so the budget and its ledgers commit together;
 * private.rebuild_budget_ledgers is service_role's alone, so the role is switched for it and
 * switched back (the function holds the organization's pricing lock: ingest waits, then adds to
 * the rebuilt ledgers).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { budgetPeriodSchema, periodBounds } from "@/lib/core/budgets/periods";
import { asServiceRole } from "@/lib/services/as-service-role";

const asText = (instant: number | null, open: "-infinity" | "infinity") => (instant === null ? open : new Date(instant).toISOString());

export function rebuildBudgetLedgers(tx: Tx, orgId: string, budgetId: string, now = Date.now()): Promise<number> {
  return asServiceRole(tx, () => rebuild(tx, orgId, budgetId, now));
}

async function rebuild(tx: Tx, orgId: string, budgetId: string, now: number): Promise<number> {
  const [budget] = await tx<{ period: unknown; timezone: string; oldest: Date | null }[]>`
    select b.period, b.timezone, (select min(e.occurred_at) from public.usage_events e where e.org_id = b.org_id) as oldest
    from public.budgets b where b.id = ${budgetId} and b.org_id = ${orgId}`;
  let written = 0;
  if (budget) {
    const bounds = periodBounds(budgetPeriodSchema.parse(budget.period), budget.timezone, budget.oldest?.getTime() ?? now, now);
    if (bounds.length >= 2) {
      // Sent as text: postgres.js would read a timestamptz[] parameter as JS dates, and "infinity" is none.
      const text = bounds.map((bound, index) => asText(bound, index === 0 ? "-infinity" : "infinity"));
      const [row] = await tx<{ written: number }[]>`
        select private.rebuild_budget_ledgers(${orgId}, ${budgetId}, ${text}::text[]::timestamptz[]) as written`;
      written = row.written;
    }
  }
  return written;
}
