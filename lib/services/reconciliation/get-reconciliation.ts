/**
 * Reconciliation for a range of UTC days (every member, under RLS): Spendguard's priced spend per
 * service and day (the daily service facets, kept exact by triggers) against what cost connectors
 * synced (billed_costs), the billed side converted to the organization's currency with its own
 * dated exchange rates (the latest on or before the day, as ingest converts events). The decisions
 * — tolerance, explanations — are lib/core/reconciliation/reconcile.ts.
 */
import "server-only";
import { z } from "zod";
import { formatDecimal, multiply, parseDecimal, sum } from "@/lib/core/money";
import { DEFAULT_TOLERANCE_PERCENT, reconcile, type BilledDay, type ReconciledDay } from "@/lib/core/reconciliation/reconcile";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";

const day = z.iso.date({ error: "Use a day like 2026-11-01." });

export const ReconciliationInput = z
  .object({
    from: day.optional(),
    to: day.optional(),
    tolerance_percent: z.coerce.number({ error: "Give the tolerance as a number of percent." }).min(0).max(100).default(DEFAULT_TOLERANCE_PERCENT),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { message: "The range ends before it starts.", path: ["to"] });
export type ReconciliationInput = z.input<typeof ReconciliationInput>;

export type Reconciliation = {
  from: string;
  to: string;
  currency: string;
  tolerance_percent: number;
  /** Whether any cost connector exists: without one there is nothing to compare. */
  connected: boolean;
  days: ReconciledDay[];
  totals: { service: string; priced: string; billed: string | null; over_tolerance_days: number }[];
};

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

export async function getReconciliation(ctx: OrgContext, input: ReconciliationInput, now = new Date()): Promise<Reconciliation> {
  const wanted = parseInput(ReconciliationInput, input);
  const to = wanted.to ?? now.toISOString().slice(0, 10);
  const from = wanted.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  const start = span >= MAX_DAYS ? new Date(Date.parse(`${to}T00:00:00Z`) - (MAX_DAYS - 1) * DAY_MS).toISOString().slice(0, 10) : from;
  const currency = ctx.org.baseCurrency;

  const facts = await asActor(ctx.actor, async (tx) => {
    const connectors = await tx<{ provider: string; synced_through: Date | null }[]>`
      select provider, synced_through from public.connectors where org_id = ${ctx.org.id} and provider <> 'make'`;
    const billedRows = await tx<{ service: string; day: Date; currency: string; amount: string; rate: string | null }[]>`
      select b.service, b.day, b.currency, sum(b.amount)::text as amount,
        (select r.rate::text from public.fx_rates r
          where r.org_id = b.org_id and r.currency = b.currency and r.rate_date <= b.day order by r.rate_date desc limit 1) as rate
      from public.billed_costs b
      where b.org_id = ${ctx.org.id} and b.day between ${start} and ${to}
      group by b.org_id, b.service, b.day, b.currency`;
    const pricedRows = await tx<{ service: string; day: Date; cost: string; events: string; unpriced: string }[]>`
      select f.value as service, f.bucket as day, f.cost::text as cost, f.event_count::text as events, f.unpriced_count::text as unpriced
      from public.spend_facets f
      where f.org_id = ${ctx.org.id} and f.dimension = 'service' and f.span = 'day'
        and f.bucket >= (${start}::date)::timestamp at time zone 'UTC' and f.bucket < (${to}::date + 1)::timestamp at time zone 'UTC'`;
    const overrides = await tx<{ service: string; model: string; day: Date }[]>`
      select service, model, (effective_from at time zone 'UTC')::date as day from public.price_overrides
      where org_id = ${ctx.org.id} and effective_from >= ${start}::date and effective_from < ${to}::date + 1`;
    return { connectors, billedRows, pricedRows, overrides };
  });

  const isoDay = (value: Date) => value.toISOString().slice(0, 10);
  const billed = new Map<string, BilledDay>();
  for (const row of facts.billedRows) {
    const key = `${row.service}|${isoDay(row.day)}`;
    const entry = billed.get(key) ?? { service: row.service, day: isoDay(row.day), amount: "0", original: [] };
    entry.original.push({ currency: row.currency, amount: formatDecimal(parseDecimal(row.amount)) });
    const converted = row.currency === currency ? parseDecimal(row.amount) : row.rate === null ? null : multiply(parseDecimal(row.amount), parseDecimal(row.rate));
    entry.amount = entry.amount === null || converted === null ? null : formatDecimal(sum([parseDecimal(entry.amount), converted]));
    billed.set(key, entry);
  }
  const unsettledFrom: Record<string, string> = {};
  for (const connector of facts.connectors) {
    // The last synced day may still move (and today is partial): from the day before it on.
    const through = connector.synced_through ? isoDay(connector.synced_through) : to;
    const from = new Date(Date.parse(`${through}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    unsettledFrom[connector.provider] = unsettledFrom[connector.provider] && unsettledFrom[connector.provider] < from ? unsettledFrom[connector.provider] : from;
  }
  const days = reconcile({
    priced: facts.pricedRows.map((row) => ({ service: row.service, day: isoDay(row.day), cost: formatDecimal(parseDecimal(row.cost)), events: Number(row.events), unpriced: Number(row.unpriced) })),
    billed: [...billed.values()],
    overrides: facts.overrides.map((row) => ({ service: row.service, model: row.model, day: isoDay(row.day) })),
    unsettledFrom,
    currency,
    tolerancePercent: wanted.tolerance_percent,
  });
  return { from: start, to, currency, tolerance_percent: wanted.tolerance_percent, connected: facts.connectors.length > 0, days, totals: totalsOf(days) };
}

function totalsOf(days: ReconciledDay[]): Reconciliation["totals"] {
  const services = [...new Set(days.map((row) => row.service))].sort();
  return services.map((service) => {
    const rows = days.filter((row) => row.service === service);
    const billedKnown = rows.every((row) => row.billed !== null);
    return {
      service,
      priced: formatDecimal(sum(rows.map((row) => parseDecimal(row.priced)))),
      billed: billedKnown ? formatDecimal(sum(rows.map((row) => parseDecimal(row.billed ?? "0")))) : null,
      over_tolerance_days: rows.filter((row) => row.over_tolerance).length,
    };
  });
}
