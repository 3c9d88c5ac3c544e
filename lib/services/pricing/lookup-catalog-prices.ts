/**
 * What the override form starts from for a service + model: the catalog's prices in force now
 * (the price-usage lookup, so the same entry ingest would use), the organization's newest
 * negotiated version if it has one, and the units its usage of that model carries — a version
 * must price every one of them, or those events stay unpriced. Any member may look.
 */
import "server-only";
import { EPOCH } from "@/lib/core/pricing/catalog";
import { findCatalogModel } from "@/lib/core/pricing/price-usage";
import { UNITS, type Unit } from "@/lib/core/usage/quantities";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { priceCatalog } from "@/lib/services/usage/price-catalog";
import type { OrgContext } from "@/lib/tenancy/context";
import { CatalogPricesQuery } from "./schemas";

export type CatalogPrices = {
  /** The catalog entry that matched (its id can differ from the model string sent, e.g. a dated snapshot). */
  model: string;
  name: string | null;
  currency: string;
  /** ISO timestamp; null when in force since before any known change. */
  effectiveFrom: string | null;
  unitPrices: Partial<Record<Unit, string>>;
  /** Long-context prices exist, which an override (one price per unit) cannot express. */
  hasTiers: boolean;
  notes: string[];
};

export type CatalogPricesLookup = {
  catalog: CatalogPrices | null;
  override: { effectiveDay: string; currency: string; unitPrices: Partial<Record<Unit, string>> } | null;
  /** Units this organization's events of the model carry, in UNITS order. */
  usedUnits: Unit[];
  /** The first day (organization's time zone) with usage of the model. */
  firstUsedDay: string | null;
};

function catalogPrices(service: string, model: string, now: number): CatalogPrices | null {
  const entry = findCatalogModel(priceCatalog(), service, model);
  if (!entry) return null;
  const starts = entry.prices.map((price) => Date.parse(price.effectiveFrom)).filter((start) => start <= now);
  if (starts.length === 0) return null;
  const newest = Math.max(...starts);
  const version = entry.prices.filter((price) => Date.parse(price.effectiveFrom) === newest);
  const base = version.filter((price) => !price.aboveInputTokens);
  return {
    model: entry.model,
    name: entry.name ?? null,
    currency: base[0]?.currency ?? version[0].currency,
    effectiveFrom: version[0].effectiveFrom === EPOCH ? null : version[0].effectiveFrom,
    unitPrices: Object.fromEntries(base.map((price) => [price.unit, price.unitPrice])),
    hasTiers: version.some((price) => Boolean(price.aboveInputTokens)),
    notes: [...new Set(version.flatMap((price) => (price.note ? [price.note] : [])))],
  };
}

export async function lookupCatalogPrices(ctx: OrgContext, input: { service: string; model: string }, now = Date.now()): Promise<CatalogPricesLookup> {
  const { service, model } = parseInput(CatalogPricesQuery, input);
  return asActor(ctx.actor, async (tx) => {
    const [override] = await tx<{ effectiveDay: string; currency: string; unitPrices: Partial<Record<Unit, string>> }[]>`
      select to_char(p.effective_from at time zone ${ctx.org.timezone}, 'YYYY-MM-DD') as "effectiveDay", p.currency,
        p.unit_prices as "unitPrices"
      from public.price_overrides p
      where p.org_id = ${ctx.org.id} and p.service = ${service} and p.model = ${model}
      order by p.effective_from desc limit 1`;
    const [usage] = await tx<{ units: string[] | null; firstUsedDay: string | null }[]>`
      select array_agg(distinct q.unit) as units, to_char(min(r.bucket) at time zone ${ctx.org.timezone}, 'YYYY-MM-DD') as "firstUsedDay"
      from public.spend_rollups r
      left join lateral jsonb_object_keys(r.quantities) as q(unit) on true
      where r.org_id = ${ctx.org.id} and r.service = ${service} and r.model = ${model}`;
    return {
      catalog: catalogPrices(service, model, now),
      override: override ?? null,
      usedUnits: UNITS.filter((unit) => usage.units?.includes(unit)),
      firstUsedDay: usage.firstUsedDay,
    };
  });
}
