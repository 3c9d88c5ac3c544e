/**
 * A budget's ledger rows since a period start (null: all of them), as the status and the alert
 * rules read them (lib/core/budgets/status.ts StatusLedger) — or several budgets' in one query
 * (readLedgersOf). Runtime-neutral: the app's status, the alert evaluators and the run-forecasts
 * edge function share it.
 */
import type { ISql } from "postgres";
import type { StatusLedger } from "../core/budgets/status.ts";

export async function readLedgers(sql: ISql, budgetId: string, from: number | null, subject?: string): Promise<StatusLedger[]> {
  const rows = await sql<LedgerRow[]>`
    select case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      subject, spent::text as spent, event_count::text as event_count, unpriced_count::text as unpriced_count, reserved::text as reserved
    from public.budget_ledgers
    where budget_id = ${budgetId}
      ${from === null ? sql`` : sql`and period_start >= ${new Date(from)}`}
      ${subject === undefined ? sql`` : sql`and subject = ${subject}`}`;
  return rows.map(toLedger);
}

type LedgerRow = { period_start: string | null; subject: string; spent: string; event_count: string; unpriced_count: string; reserved: string };

function toLedger(row: LedgerRow): StatusLedger {
  return {
    period_start: row.period_start === null ? null : Number(row.period_start),
    subject: row.subject,
    spent: row.spent,
    event_count: Number(row.event_count),
    unpriced_count: Number(row.unpriced_count),
    reserved: row.reserved,
  };
}

/** Several budgets' ledger rows, each since its own period start (null: all), by budget id. */
export async function readLedgersOf(sql: ISql, wanted: readonly { budgetId: string; from: number | null }[]): Promise<Map<string, StatusLedger[]>> {
  const byBudget = new Map<string, StatusLedger[]>(wanted.map(({ budgetId }) => [budgetId, []]));
  if (wanted.length === 0) return byBudget;
  const rows = await sql<(LedgerRow & { budget_id: string })[]>`
    select l.budget_id, case when isfinite(l.period_start) then (extract(epoch from l.period_start) * 1000)::bigint::text end as period_start,
      l.subject, l.spent::text as spent, l.event_count::text as event_count, l.unpriced_count::text as unpriced_count, l.reserved::text as reserved
    from unnest(${wanted.map((w) => w.budgetId)}::uuid[], ${wanted.map((w) => (w.from === null ? null : new Date(w.from).toISOString()))}::timestamptz[]) as w(budget_id, since)
    join public.budget_ledgers l on l.budget_id = w.budget_id and (w.since is null or l.period_start >= w.since)`;
  for (const row of rows) byBudget.get(row.budget_id)?.push(toLedger(row));
  return byBudget;
}
