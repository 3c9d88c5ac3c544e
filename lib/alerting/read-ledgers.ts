/**
 * A budget's ledger rows since a period start (null: all of them), as the status and the alert
 * rules read them (lib/core/budgets/status.ts StatusLedger). Runtime-neutral: the app's status,
 * the alert evaluators and the run-forecasts edge function share it.
 */
import type { ISql } from "postgres";
import type { StatusLedger } from "../core/budgets/status.ts";

export async function readLedgers(sql: ISql, budgetId: string, from: number | null, subject?: string): Promise<StatusLedger[]> {
  const rows = await sql<{ period_start: string | null; subject: string; spent: string; event_count: string; unpriced_count: string; reserved: string }[]>`
    select case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start,
      subject, spent::text as spent, event_count::text as event_count, unpriced_count::text as unpriced_count, reserved::text as reserved
    from public.budget_ledgers
    where budget_id = ${budgetId}
      ${from === null ? sql`` : sql`and period_start >= ${new Date(from)}`}
      ${subject === undefined ? sql`` : sql`and subject = ${subject}`}`;
  return rows.map((row) => ({
    period_start: row.period_start === null ? null : Number(row.period_start),
    subject: row.subject,
    spent: row.spent,
    event_count: Number(row.event_count),
    unpriced_count: Number(row.unpriced_count),
    reserved: row.reserved,
  }));
}
