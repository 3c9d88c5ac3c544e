/**
 * What an organization's events are priced with right now: the catalog with its overrides laid
 * over it, its FX rates, its base currency and retention. Read by private.pricing_context, which
 * also takes the organization's shared pricing lock until the transaction ends — so call this in
 * the same transaction that writes the priced events (see the pricing-adjustments migration).
 */
import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { fxRateSchema, fxTable } from "@/lib/core/pricing/fx";
import { applyOverrides, priceOverrideSchema, type PriceOverride } from "@/lib/core/pricing/overrides";
import type { PriceCatalog } from "@/lib/core/pricing/catalog";
import type { PricingContext } from "@/lib/core/pricing/price-event";
import { priceCatalog } from "@/lib/services/usage/price-catalog";

const contextSchema = z.object({
  base_currency: z.string(),
  retention_months: z.number().int(),
  overrides: z.array(priceOverrideSchema),
  fx_rates: z.array(fxRateSchema),
});

export type OrgPricing = PricingContext & { retentionMonths: number };

// Overlays are rebuilt only when an organization's overrides change (a few orgs, a few models).
const overlays = new Map<string, { key: string; catalog: PriceCatalog }>();
const MAX_OVERLAYS = 1_000;

function catalogFor(orgId: string, overrides: PriceOverride[]): PriceCatalog {
  if (overrides.length === 0) return priceCatalog();
  const key = JSON.stringify(overrides);
  const cached = overlays.get(orgId);
  if (cached?.key === key) return cached.catalog;
  const catalog = applyOverrides(priceCatalog(), overrides);
  if (overlays.size >= MAX_OVERLAYS) overlays.clear();
  overlays.set(orgId, { key, catalog });
  return catalog;
}

/** Rates for events dated between `first` and `last` (any order of events: pass min and max). */
export async function loadPricingContext(tx: Tx, orgId: string, first: Date, last: Date): Promise<OrgPricing> {
  const [row] = await tx<{ context: unknown }[]>`
    select private.pricing_context(${orgId}, ${first.toISOString().slice(0, 10)}, ${last.toISOString().slice(0, 10)}) as context`;
  const context = contextSchema.parse(row.context);
  return {
    baseCurrency: context.base_currency,
    retentionMonths: context.retention_months,
    catalog: catalogFor(orgId, context.overrides),
    fx: fxTable(context.fx_rates),
  };
}

/** The first instant still inside the retention, for `now`. */
export function retentionStart(retentionMonths: number, now: number): number {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - retentionMonths);
  return start.getTime();
}
