/**
 * Recomputes a budget's ledgers from the stored events, for every period from the oldest event
 * still kept to now: after a budget is created, or its period, time zone, scope or subject
 * changes. Its own service_role transaction (private.rebuild_budget_ledgers holds the
 * organization's pricing lock, so ingest waits and adds to the rebuilt ledgers afterwards).
 */
import "server-only";
import { db } from "@/lib/db";
import { budgetPeriodSchema, periodBounds } from "@/lib/core/budgets/periods";
import { mapDatabaseErrors } from "@/lib/services/errors";

const iso = (instant: number | null, open: "-infinity" | "infinity") => (instant === null ? open : new Date(instant).toISOString());

export async function rebuildBudgetLedgers(orgId: string, budgetId: string, now = Date.now()): Promise<number> {
  return mapDatabaseErrors(() =>
    db().sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "service_role", org_id: orgId })}, true)`;
      const [budget] = await tx<{ period: unknown; timezone: string; oldest: Date | null }[]>`
        select b.period, b.timezone, (select min(e.occurred_at) from public.usage_events e where e.org_id = b.org_id) as oldest
        from public.budgets b where b.id = ${budgetId} and b.org_id = ${orgId}`;
      if (!budget) return 0;
      const period = budgetPeriodSchema.parse(budget.period);
      const bounds = periodBounds(period, budget.timezone, budget.oldest?.getTime() ?? now, now);
      if (bounds.length < 2) return 0;
      const asText = bounds.map((bound, index) => iso(bound, index === 0 ? "-infinity" : "infinity"));
      const [row] = await tx<{ written: number }[]>`
        select private.rebuild_budget_ledgers(${orgId}, ${budgetId}, ${asText}::timestamptz[]) as written`;
      return row.written;
    }) as Promise<number>,
  );
}
