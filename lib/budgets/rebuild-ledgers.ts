/**
 * Recomputes a budget's ledgers for every period from the oldest spend it could count to now —
 * the oldest stored event, or for a budget on billed cost the oldest billed day of its service —
 * with private.rebuild_budget_ledgers, which needs service_role (the caller's transaction must
 * have it: the budget verbs switch to it, the sync function runs as it). Runtime-neutral: the
 * budget verbs and the sync-connectors edge function both use it.
 */
import type { TransactionSql } from "postgres";
import { budgetPeriodSchema, periodBounds } from "../core/budgets/periods.ts";

const asText = (instant: number | null, open: "-infinity" | "infinity") => (instant === null ? open : new Date(instant).toISOString());

export async function rebuildLedgers(tx: TransactionSql, orgId: string, budgetId: string, now: number): Promise<number> {
  const [budget] = await tx<{ period: unknown; timezone: string; oldest: Date | null }[]>`
    select b.period, b.timezone,
      case b.cost_basis
        when 'billed' then (select min(c.day)::timestamp at time zone 'UTC' from public.billed_costs c where c.org_id = b.org_id and c.service = b.scope ->> 'service')
        else (select min(e.occurred_at) from public.usage_events e where e.org_id = b.org_id)
      end as oldest
    from public.budgets b where b.id = ${budgetId} and b.org_id = ${orgId}`;
  if (!budget) return 0;
  const bounds = periodBounds(budgetPeriodSchema.parse(budget.period), budget.timezone, budget.oldest?.getTime() ?? now, now);
  if (bounds.length < 2) return 0;
  // Sent as text: postgres.js would read a timestamptz[] parameter as JS dates, and "infinity" is none.
  const text = bounds.map((bound, index) => asText(bound, index === 0 ? "-infinity" : "infinity"));
  const [row] = await tx<{ written: number }[]>`
    select private.rebuild_budget_ledgers(${orgId}, ${budgetId}, ${text}::text[]::timestamptz[]) as written`;
  return row.written;
}
