/**
 * An organization's negotiated prices laid over the catalog. An override names a service and an
 * exact model string and, from `effective_from` on, gives the unit prices for it in one currency.
 * Like a catalog version, an override version restates every unit: a unit it does not list is
 * unpriced for that model while it is in force (the settings form starts from the catalog's
 * prices, so people edit what differs).
 *
 * Before the organization's first override for a model, the catalog's own versions still apply;
 * from it on, only overrides do — a later catalog change does not undo a negotiated rate.
 */
import { z } from "zod";
import { nonNegativeDecimalStringSchema } from "../money.ts";
import { unitSchema } from "../usage/quantities.ts";
import { CATALOG_FORMAT, mergeCatalogs, type CatalogModel, type CatalogPrice, type PriceCatalog } from "./catalog.ts";
import { findCatalogModel } from "./price-usage.ts";

export const OVERRIDE_SOURCE = "override";

export const priceOverrideSchema = z.object({
  id: z.string(),
  service: z.string().min(1),
  model: z.string().min(1),
  /** ISO timestamp. */
  effective_from: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  unit_prices: z.partialRecord(unitSchema, nonNegativeDecimalStringSchema),
  note: z.string().nullable().optional(),
});
export type PriceOverride = z.infer<typeof priceOverrideSchema>;

function overridePrices(override: PriceOverride): CatalogPrice[] {
  const effectiveFrom = new Date(override.effective_from).toISOString();
  const sourceVersion = override.note ? `${override.id} (${override.note})` : override.id;
  return Object.entries(override.unit_prices).flatMap(([unit, unitPrice]) =>
    unitPrice === undefined
      ? []
      : [{ unit: unitSchema.parse(unit), unitPrice, currency: override.currency, effectiveFrom, source: OVERRIDE_SOURCE, sourceVersion }],
  );
}

/** The catalog as one organization sees it; the same catalog object when it has no overrides. */
export function applyOverrides(catalog: PriceCatalog, overrides: readonly PriceOverride[]): PriceCatalog {
  if (overrides.length === 0) return catalog;
  const groups = new Map<string, PriceOverride[]>();
  for (const override of overrides) {
    const key = JSON.stringify([override.service, override.model]);
    groups.set(key, [...(groups.get(key) ?? []), override]);
  }
  const models: CatalogModel[] = [];
  for (const group of groups.values()) {
    const { service, model } = group[0];
    const firstOverride = Math.min(...group.map((override) => Date.parse(override.effective_from)));
    const base = findCatalogModel(catalog, service, model);
    const earlier = (base?.prices ?? []).filter((price) => Date.parse(price.effectiveFrom) < firstOverride);
    models.push({
      provider: service,
      model: base?.model ?? model,
      ...(base?.name ? { name: base.name } : {}),
      match: { equals: model },
      prices: [...earlier, ...group.flatMap(overridePrices)],
    });
  }
  return mergeCatalogs({ format: CATALOG_FORMAT, models }, catalog);
}
