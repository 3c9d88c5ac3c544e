/**
 * The price catalog: models (or SKUs) of a provider, each with a match rule and dated prices.
 *
 * Versioning: a model's prices sharing one `effectiveFrom` form a price VERSION. For an event the
 * newest version with effectiveFrom ≤ occurredAt applies as a whole — a unit missing from that
 * version is unpriced, never taken from an older version (a new version restates every unit).
 * Long-context tiers are rows of the same version and unit with `aboveInputTokens` set: the row
 * with the highest threshold strictly below the call's total input tokens prices ALL of that
 * unit's tokens (the providers' "cliff" model).
 */
import { z } from "zod";
import { nonNegativeDecimalStringSchema } from "../money.ts";
import { unitSchema, type Unit } from "../usage/quantities.ts";
import { matchRuleSchema, type MatchRule } from "./match.ts";

export const CATALOG_FORMAT = "spendguard.price-catalog/v1";

export interface CatalogPrice {
  unit: Unit;
  /** Price of ONE unit (one token, one message…) as an exact decimal string. */
  unitPrice: string;
  /** ISO 4217, upper case. */
  currency: string;
  /** ISO timestamp (UTC). "1970-01-01T00:00:00.000Z" = in force since before any known change. */
  effectiveFrom: string;
  /** Long-context tier: applies when the call's total input tokens exceed this. 0/absent = base. */
  aboveInputTokens?: number;
  /** Where the price comes from ("genai-prices", "manual"…) and which version of that source. */
  source: string;
  sourceVersion: string;
  /** Caveats shown to people (e.g. "US only; carrier fees extra"). */
  note?: string;
}

export interface CatalogModel {
  provider: string;
  /** Stable id of the model or SKU in the catalog (what the event is priced as). */
  model: string;
  name?: string;
  /** Which model strings sent with events this entry prices. */
  match: MatchRule;
  prices: CatalogPrice[];
}

export interface PriceCatalog {
  format: typeof CATALOG_FORMAT;
  /** Provider → providers whose models it also serves (e.g. google → anthropic for Claude on Vertex). */
  fallbackProviders?: Record<string, string[]>;
  /** Order matters: within a provider the first model whose rule matches wins. */
  models: CatalogModel[];
}

export const EPOCH = "1970-01-01T00:00:00.000Z";

export const catalogPriceSchema = z.strictObject({
  unit: unitSchema,
  unitPrice: nonNegativeDecimalStringSchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  effectiveFrom: z.iso.datetime(),
  aboveInputTokens: z.number().int().nonnegative().optional(),
  source: z.string().min(1),
  sourceVersion: z.string().min(1),
  note: z.string().optional(),
});

export const catalogModelSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  name: z.string().optional(),
  match: matchRuleSchema,
  prices: z.array(catalogPriceSchema).min(1),
});

export const priceCatalogSchema = z.object({
  format: z.literal(CATALOG_FORMAT),
  fallbackProviders: z.record(z.string(), z.array(z.string())).optional(),
  models: z.array(catalogModelSchema),
});

/** Validates a catalog read from JSON (a file, the database). Throws a ZodError when malformed. */
export function parseCatalog(data: unknown): PriceCatalog {
  return priceCatalogSchema.parse(data) as PriceCatalog;
}

/**
 * One catalog from several: earlier catalogs take precedence (put a tenant's overrides first),
 * because the first matching model wins.
 */
export function mergeCatalogs(...catalogs: PriceCatalog[]): PriceCatalog {
  const fallbackProviders: Record<string, string[]> = {};
  for (const catalog of [...catalogs].reverse()) Object.assign(fallbackProviders, catalog.fallbackProviders);
  return { format: CATALOG_FORMAT, fallbackProviders, models: catalogs.flatMap((c) => c.models) };
}
