/**
 * Works through a reprice job (public.reprice_jobs): the events it names are visited in
 * (occurred_at, id) order, a batch per transaction, each priced again exactly as ingest would
 * price it now (lib/core/pricing/price-event.ts) and written by private.reprice_events, which
 * also corrects the rollups by the difference. The job's cursor moves in the same transaction,
 * so a run can stop at any moment and the next one carries on; two runs of one job never
 * double count (private.reprice_events only writes what actually changes, serialized per org).
 *
 * Which stored events were "provided": those with an original cost and no price lines
 * (a client's own cost has no catalog breakdown; a catalog price always has one).
 *
 * Budget ledgers move by the same differences, in the same transaction. Batches of an
 * organization run one at a time (an advisory lock taken before the events are read), so the old
 * costs a batch computes its differences from are the ones it replaces.
 */
import "server-only";
import { db, type Tx } from "@/lib/db";
import { ledgerEntries, type LedgerItem } from "@/lib/core/budgets/ledger-entries";
import { ledgerKeyFinder } from "@/lib/core/budgets/ledger-keys";
import { compare, formatDecimal, parseDecimal, subtract, ZERO } from "@/lib/core/money";
import type { EventPricing, PriceLines } from "@/lib/core/pricing/price-event";
import { priceEvent } from "@/lib/core/pricing/price-event";
import type { Quantities } from "@/lib/core/usage/quantities";
import { alertOnSpend, type LedgerChange } from "@/lib/services/alerts/evaluate-ingest-alerts";
import { mapDatabaseErrors, NotFoundError } from "@/lib/services/errors";
import { loadPricingContext } from "./pricing-context";

export const REPRICE_BATCH = 2_000;

export type RepriceJob = {
  id: string;
  reason: "price_override" | "fx_rate" | "unpriced";
  service: string | null;
  model: string | null;
  original_currency: string | null;
  unpriced_only: boolean;
  occurred_from: Date | null;
  cursor_occurred_at: Date | null;
  cursor_id: string | null;
  total: string | null;
  scanned: string;
  changed: string;
  created_at: Date;
  finished_at: Date | null;
};

export type RepriceProgress = { jobId: string; total: number; scanned: number; changed: number; done: boolean };

type StoredEvent = {
  id: string;
  occurred_at: Date;
  service: string;
  model: string;
  team: string | null;
  project: string | null;
  environment: string | null;
  end_user: string | null;
  feature: string | null;
  tags: Record<string, string>;
  cost: string | null;
  pricing_status: EventPricing["pricing_status"];
  quantities: Record<string, string>;
  reasoning_tokens: string | null;
  original_cost: string | null;
  original_currency: string | null;
  price_lines: PriceLines | null;
};

async function asService<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return mapDatabaseErrors(() =>
    db().sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "service_role", org_id: orgId })}, true)`;
      return fn(tx);
    }) as Promise<T>,
  );
}

/** The job's events after `cursor` (or all of them): one query shape for counting and for batches. */
function matching(tx: Tx, orgId: string, job: RepriceJob, afterCursor: boolean) {
  const at = afterCursor ? job.cursor_occurred_at : null;
  const id = afterCursor ? job.cursor_id : null;
  return tx`
    e.org_id = ${orgId}
    and (${job.service}::text is null or e.service = ${job.service}::text)
    and (${job.model}::text is null or e.model = ${job.model}::text)
    and (${job.original_currency}::text is null or e.original_currency = ${job.original_currency}::text)
    and (not ${job.unpriced_only}::boolean or e.pricing_status = 'unpriced')
    and (${job.occurred_from}::timestamptz is null or e.occurred_at >= ${job.occurred_from}::timestamptz)
    and (${at}::timestamptz is null or (e.occurred_at, e.id) > (${at}::timestamptz, ${id}::bigint))`;
}

function toPrice(event: StoredEvent) {
  const quantities: Quantities = Object.fromEntries(Object.entries(event.quantities).map(([unit, count]) => [unit, Number(count)]));
  const provided = event.original_cost !== null && event.price_lines === null && event.original_currency !== null
    ? { amount: event.original_cost, currency: event.original_currency }
    : undefined;
  return {
    service: event.service,
    model: event.model,
    occurredAt: event.occurred_at,
    quantities,
    reasoningTokens: event.reasoning_tokens === null ? undefined : Number(event.reasoning_tokens),
    provided,
  };
}

/** Re-prices the next batch of a job and moves its cursor; returns the progress after it. */
export async function repriceNextBatch(orgId: string, jobId: string, batchSize = REPRICE_BATCH): Promise<RepriceProgress> {
  return asService(orgId, async (tx) => {
    await tx`select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(${`reprice:${orgId}`}, 0))`;
    const [job] = await tx<RepriceJob[]>`
      select * from public.reprice_jobs where id = ${jobId} and org_id = ${orgId} for update`;
    if (!job) throw new NotFoundError("That repricing job doesn't exist.");
    if (job.finished_at) return progressOf(job, true);
    // Counted once, when the job starts: counting what is left after every batch would read the history again each time.
    const total = job.total ?? (await countMatching(tx, orgId, job));

    const events = await tx<StoredEvent[]>`
      select e.id, e.occurred_at, e.service, e.model, e.team, e.project, e.environment, e.end_user, e.feature, e.tags,
        e.cost::text as cost, e.pricing_status, e.quantities, e.reasoning_tokens, e.original_cost, e.original_currency, e.price_lines
      from public.usage_events e
      where ${matching(tx, orgId, job, true)}
      order by e.occurred_at, e.id
      limit ${batchSize}`;

    let changed = 0;
    if (events.length > 0) {
      const pricing = await loadPricingContext(tx, orgId, events[0].occurred_at, events[events.length - 1].occurred_at);
      const priced = events.map((event) => ({ event, pricing: priceEvent(toPrice(event), pricing) }));
      const changes = priced.map(({ event, pricing: newPricing }) => ({ id: event.id, occurred_at: event.occurred_at.toISOString(), ...newPricing }));
      const [row] = await tx<{ changed: number }[]>`select private.reprice_events(${orgId}, ${tx.json(changes as never)}) as changed`;
      changed = row.changed;
      if (pricing.budgets.length > 0) {
        const keysOf = ledgerKeyFinder(pricing.budgets);
        const entries = ledgerEntries(priced.flatMap(({ event, pricing: newPricing }) => {
          const item = ledgerDifference(event, newPricing);
          return item ? [{ ...item, keys: keysOf({ ...event, occurredAt: event.occurred_at.getTime() }) }] : [];
        }));
        if (entries.length > 0) {
          const moved = await tx<LedgerChange[]>`
            select budget_id::text, period_start, subject, spent_before::text, spent::text
            from private.add_to_ledgers(${orgId}, ${tx.json(entries as never)})`;
          // Repriced spend crosses thresholds both ways: up fires, back down resolves.
          await alertOnSpend(tx, { id: orgId, currency: pricing.baseCurrency }, pricing.alertBudgets, moved, Date.now());
        }
      }
    }
    const last = events.at(-1);
    const done = events.length < batchSize;
    const [updated] = await tx<RepriceJob[]>`
      update public.reprice_jobs set
        total = ${total},
        cursor_occurred_at = coalesce(${last?.occurred_at ?? null}::timestamptz, cursor_occurred_at),
        cursor_id = coalesce(${last?.id ?? null}::bigint, cursor_id),
        scanned = scanned + ${events.length},
        changed = changed + ${changed},
        finished_at = case when ${done}::boolean then now() end
      where id = ${jobId}
      returning *`;
    return progressOf(updated, done);
  });
}

/** What re-pricing one event changes in its ledgers; null when its cost and status stay. */
function ledgerDifference(event: StoredEvent, next: EventPricing): Omit<LedgerItem, "keys"> | null {
  const before = event.cost === null ? ZERO : parseDecimal(event.cost);
  const after = next.cost === null ? ZERO : parseDecimal(next.cost);
  const wasUnpriced = event.pricing_status === "unpriced";
  const isUnpriced = next.pricing_status === "unpriced";
  if (compare(before, after) === 0 && wasUnpriced === isUnpriced) return null;
  return { spent: formatDecimal(subtract(after, before)), events: 0, unpriced: Number(isUnpriced) - Number(wasUnpriced) };
}

function progressOf(job: RepriceJob, done: boolean): RepriceProgress {
  const scanned = Number(job.scanned);
  // Events ingested during the run can push `scanned` past the starting count.
  return { jobId: job.id, total: Math.max(Number(job.total ?? 0), scanned), scanned, changed: Number(job.changed), done };
}

async function countMatching(tx: Tx, orgId: string, job: RepriceJob): Promise<number> {
  const [row] = await tx<{ count: string }[]>`select count(*) from public.usage_events e where ${matching(tx, orgId, job, false)}`;
  return Number(row.count);
}

/** Queues a job for every unpriced event of the organization (after a catalog update). */
export async function queueUnpricedReprice(orgId: string, userId: string | null): Promise<string> {
  return asService(orgId, async (tx) => {
    const [job] = await tx<{ id: string }[]>`
      insert into public.reprice_jobs (org_id, reason, unpriced_only, created_by)
      values (${orgId}, 'unpriced', true, ${userId}) returning id`;
    return job.id;
  });
}

/** Runs a job to the end (scripts, tests); the UI runs batches itself to show progress. */
export async function repriceAll(orgId: string, jobId: string, batchSize = REPRICE_BATCH): Promise<RepriceProgress> {
  for (;;) {
    const progress = await repriceNextBatch(orgId, jobId, batchSize);
    if (progress.done) return progress;
  }
}

/**
 * Runs every open job of the organization to the end, oldest first. The prices page's actions
 * start it in the background (after the response) whenever they queue work, so repricing does not
 * depend on anyone keeping a page open; runners may overlap safely (each batch locks its job).
 */
export async function runOpenRepriceJobs(orgId: string): Promise<void> {
  const jobs = await asService(orgId, (tx) => tx<{ id: string }[]>`
    select id from public.reprice_jobs where org_id = ${orgId} and finished_at is null order by created_at, id`);
  for (const job of jobs) await repriceAll(orgId, job.id);
}
