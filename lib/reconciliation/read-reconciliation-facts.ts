/**
 * The facts reconciliation weighs, for one organization and a range of UTC days: priced spend per
 * service and day (the daily service facets), billed costs converted to the organization's
 * currency with its own dated exchange rates (the latest on or before each day, as ingest converts
 * events), price overrides that took effect, and from which day each provider may not have settled.
 * Shared by the Reconciliation page (as the signed-in member, under RLS) and the reconciliation
 * alerts (as service_role in the sync function): runtime-neutral, relative imports.
 */
import type { TransactionSql } from "postgres";
import { formatDecimal, multiply, parseDecimal, sum } from "../core/money.ts";
import type { BilledDay, ReconcileInput } from "../core/reconciliation/reconcile.ts";

const DAY_MS = 86_400_000;
const isoDay = (value: Date) => value.toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

export type ReconciliationFacts = Omit<ReconcileInput, "currency" | "tolerancePercent"> & { connected: boolean };

export async function readReconciliationFacts(tx: TransactionSql, orgId: string, currency: string, from: string, to: string): Promise<ReconciliationFacts> {
  const connectors = await tx<{ provider: string; synced_through: Date | null }[]>`
    select provider, synced_through from public.connectors where org_id = ${orgId} and provider <> 'make'`;
  const billedRows = await tx<{ service: string; day: Date; currency: string; amount: string; rate: string | null }[]>`
    select b.service, b.day, b.currency, sum(b.amount)::text as amount,
      (select r.rate::text from public.fx_rates r
        where r.org_id = b.org_id and r.currency = b.currency and r.rate_date <= b.day order by r.rate_date desc limit 1) as rate
    from public.billed_costs b
    where b.org_id = ${orgId} and b.day between ${from} and ${to}
    group by b.org_id, b.service, b.day, b.currency`;
  const pricedRows = await tx<{ service: string; day: Date; cost: string; events: string; unpriced: string }[]>`
    select f.value as service, f.bucket as day, f.cost::text as cost, f.event_count::text as events, f.unpriced_count::text as unpriced
    from public.spend_facets f
    where f.org_id = ${orgId} and f.dimension = 'service' and f.span = 'day'
      and f.bucket >= (${from}::date)::timestamp at time zone 'UTC' and f.bucket < (${to}::date + 1)::timestamp at time zone 'UTC'`;
  const overrides = await tx<{ service: string; model: string; day: Date }[]>`
    select service, model, (effective_from at time zone 'UTC')::date as day from public.price_overrides
    where org_id = ${orgId} and effective_from >= (${from}::date)::timestamp at time zone 'UTC'
      and effective_from < (${to}::date + 1)::timestamp at time zone 'UTC'`;

  const billed = new Map<string, BilledDay>();
  for (const row of billedRows) {
    const key = `${row.service}|${isoDay(row.day)}`;
    const entry = billed.get(key) ?? { service: row.service, day: isoDay(row.day), amount: "0", original: [] };
    entry.original.push({ currency: row.currency, amount: formatDecimal(parseDecimal(row.amount)) });
    const converted = row.currency === currency ? parseDecimal(row.amount) : row.rate === null ? null : multiply(parseDecimal(row.amount), parseDecimal(row.rate));
    entry.amount = entry.amount === null || converted === null ? null : formatDecimal(sum([parseDecimal(entry.amount), converted]));
    billed.set(key, entry);
  }
  // The last synced day may still move, and today is partial: from the day before it on.
  const unsettledFrom: Record<string, string> = {};
  for (const connector of connectors) {
    const from = dayBefore(connector.synced_through ? isoDay(connector.synced_through) : to);
    const known = unsettledFrom[connector.provider];
    unsettledFrom[connector.provider] = known !== undefined && known < from ? known : from;
  }
  return {
    connected: connectors.length > 0,
    priced: pricedRows.map((row) => ({ service: row.service, day: isoDay(row.day), cost: formatDecimal(parseDecimal(row.cost)), events: Number(row.events), unpriced: Number(row.unpriced) })),
    billed: [...billed.values()],
    overrides: overrides.map((row) => ({ service: row.service, model: row.model, day: isoDay(row.day) })),
    unsettledFrom,
  };
}
