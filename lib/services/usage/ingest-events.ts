/**
 * Ingest one batch (DESIGN §4) in one transaction: read the organization's pricing (overrides, FX
 * rates, retention, budgets — under its shared pricing lock), validate and price each event on its
 * own (lib/core/usage/ingest-event.ts), write every good one with ONE call of
 * private.ingest_events — events, idempotency keys and hourly rollups — and add the events that
 * were new (never the duplicates) to the ledgers of the budgets they count in, and fire the
 * actual-spend alerts whose thresholds the batch crossed. Members' open dashboards hear of it in
 * the same transaction: a `spend` message (the batch's deltas and the new totals) and a `budgets`
 * message (the ledger rows it moved) on the organization's private Realtime topic. The organization is
 * always the target's (see ingest-target.ts). An event that names a reservation (from POST /api/v1/check)
 * settles it in the same transaction; an unknown, foreign or already ended one is ignored.
 */
import "server-only";
import { db } from "@/lib/db";
import { ledgerEntries } from "@/lib/core/budgets/ledger-entries";
import { ledgerKeyFinder, type LedgerBudget } from "@/lib/core/budgets/ledger-keys";
import { isRejection, prepareEvent, type PreparedEvent, type Rejection } from "@/lib/core/usage/ingest-event";
import { spendDelta } from "@/lib/core/usage/spend-delta";
import { mapDatabaseErrors } from "@/lib/services/errors";
import { alertOnSpend, type LedgerChange } from "@/lib/services/alerts/evaluate-ingest-alerts";
import { loadPricingContext, retentionStart } from "@/lib/services/pricing/pricing-context";
import { ingestClaims, type IngestTarget } from "./ingest-target";

export type IngestResult = {
  accepted: number;
  duplicates: number;
  /** Indexes of the events that were already stored (or repeated an earlier id in this batch). */
  duplicate_indexes: number[];
  rejected: Rejection[];
};

/** The span of the batch's timestamps, so only the FX rates that can apply are read. */
function timestampSpan(events: unknown[], now: number): { first: Date; last: Date } {
  let first = now;
  let last = now;
  for (const event of events) {
    const timestamp = typeof event === "object" && event !== null && "timestamp" in event ? event.timestamp : undefined;
    const at = typeof timestamp === "string" ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) continue;
    if (at < first) first = Math.max(at, 0);
    if (at > last) last = at;
  }
  return { first: new Date(first), last: new Date(last) };
}

/** What the new events add to the ledgers of the budgets they count in. */
function ledgerEntriesOf(events: PreparedEvent[], budgets: LedgerBudget[]) {
  const keysOf = ledgerKeyFinder(budgets);
  return ledgerEntries(
    events.map((event) => ({
      keys: keysOf({ ...event, occurredAt: Date.parse(event.occurred_at) }),
      spent: event.cost,
      events: 1,
      unpriced: event.pricing_status === "unpriced" ? 1 : 0,
    })),
  );
}

export async function ingestEvents(target: IngestTarget, events: unknown[], now = Date.now()): Promise<IngestResult> {
  return mapDatabaseErrors(() =>
    db().sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify(ingestClaims(target))}, true)`;
      const { first, last } = timestampSpan(events, now);
      const pricing = await loadPricingContext(tx, target.org.id, first, last);
      const options = { pricing, now, oldestAllowed: retentionStart(pricing.retentionMonths, now) };

      const prepared: PreparedEvent[] = [];
      const rejected: Rejection[] = [];
      events.forEach((raw, index) => {
        const result = prepareEvent(raw, index, options);
        if (isRejection(result)) rejected.push(result);
        else prepared.push(result);
      });
      if (prepared.length === 0) return { accepted: 0, duplicates: 0, duplicate_indexes: [], rejected };

      const rows = await tx<{ idx: number; inserted: boolean }[]>`
        select idx, inserted from private.ingest_events(${target.org.id}, ${target.apiKeyId}, ${target.source}, ${tx.json(prepared as never)})`;
      const duplicateIndexes = rows.filter((row) => !row.inserted).map((row) => row.idx);
      const inserted = new Set(rows.filter((row) => row.inserted).map((row) => row.idx));
      const entries = pricing.budgets.length === 0 ? [] : ledgerEntriesOf(prepared.filter((event) => inserted.has(event.idx)), pricing.budgets);
      // Events that name a reservation settle it (its hold is released; the cost reaches spent here).
      const settling = [...new Set(prepared.flatMap((event) => (inserted.has(event.idx) && event.reservation_id ? [event.reservation_id] : [])))];
      let changes: LedgerChange[] = [];
      if (settling.length > 0) {
        changes = await tx<LedgerChange[]>`
          select budget_id::text, period_start, subject, spent_before::text, spent::text
          from private.settle_and_add_to_ledgers(${target.org.id}, ${settling}::uuid[], ${tx.json(entries as never)})`;
      } else if (entries.length > 0) {
        changes = await tx<LedgerChange[]>`
          select budget_id::text, period_start, subject, spent_before::text, spent::text
          from private.add_to_ledgers(${target.org.id}, ${tx.json(entries as never)})`;
      }
      // Thresholds crossed by this batch fire in its transaction: committed (and notified) with the spend.
      if (pricing.alertBudgets.size > 0 && changes.length > 0) {
        await alertOnSpend(tx, { id: target.org.id, currency: pricing.baseCurrency }, pricing.alertBudgets, changes, now);
      }
      // Members' dashboards hear of the batch with its commit (private Realtime topic org:<id>:spend).
      const added = prepared.filter((event) => inserted.has(event.idx));
      if (added.length > 0) await tx`select private.broadcast_spend(${target.org.id}, ${tx.json(spendDelta(added) as never)})`;
      if (changes.length > 0) {
        const ledgers = changes.map((change) => ({
          budget_id: change.budget_id,
          subject: change.subject,
          period_start: Number.isFinite(change.period_start.getTime()) ? change.period_start.toISOString() : null,
          spent: change.spent,
        }));
        await tx`select realtime.send(${tx.json({ v: 1, ledgers } as never)}, 'budgets', ${`org:${target.org.id}:spend`}, true)`;
      }
      return { accepted: rows.length - duplicateIndexes.length, duplicates: duplicateIndexes.length, duplicate_indexes: duplicateIndexes, rejected };
    }) as Promise<IngestResult>,
  );
}
