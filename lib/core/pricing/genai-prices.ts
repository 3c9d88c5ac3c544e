/**
 * Converts the genai-prices data feed (pydantic/genai-prices, MIT) into the Spendguard catalog.
 * Pure: the caller reads the file and writes the result (scripts/import-prices.ts).
 *
 * - Per-million-token (`*_mtok`) and per-thousand (`*_kcount`) prices become exact per-unit prices.
 * - Dated price changes become versions: the first price set applies from EPOCH (genai-prices
 *   uses it when no later constraint applies), each `start_date` from 00:00 UTC of that day.
 * - Tiered prices become tier rows (`aboveInputTokens`).
 * - A model is SKIPPED, with the reason reported, rather than priced wrongly when it needs
 *   something the catalog cannot express: time-of-day prices, or a price field for a quantity
 *   the usage normalizers do not separate (image, video, citation tokens…).
 */
import { z } from "zod";
import { decimalFromNumberLiteral, formatDecimal, scaleByPowerOfTen } from "../money.ts";
import type { Unit } from "../usage/quantities.ts";
import { CATALOG_FORMAT, EPOCH, type CatalogModel, type CatalogPrice, type PriceCatalog } from "./catalog.ts";
import { matchRuleSchema } from "./match.ts";

export const GENAI_PRICES_SOURCE = "genai-prices";

/** genai-prices field → catalog unit and the power of ten its price is quoted per. */
const FIELDS: Record<string, { unit: Unit; per: number }> = {
  input_mtok: { unit: "input_token", per: 6 },
  cache_read_mtok: { unit: "cached_input_token", per: 6 },
  cache_write_mtok: { unit: "cache_write_token", per: 6 },
  cache_write_1h_mtok: { unit: "cache_write_1h_token", per: 6 },
  output_mtok: { unit: "output_token", per: 6 },
  output_reasoning_mtok: { unit: "reasoning_token", per: 6 },
  input_audio_mtok: { unit: "input_audio_token", per: 6 },
  cache_audio_read_mtok: { unit: "cached_input_audio_token", per: 6 },
  output_audio_mtok: { unit: "output_audio_token", per: 6 },
  requests_kcount: { unit: "request", per: 3 },
  web_searches_kcount: { unit: "web_search_request", per: 3 },
};

const priceValueSchema = z.union([
  z.number().nonnegative(),
  z.object({
    base: z.number().nonnegative(),
    tiers: z.array(z.object({ start: z.number().int().positive(), price: z.number().nonnegative() })),
  }),
]);
const priceSetSchema = z.record(z.string(), priceValueSchema);
const conditionalSchema = z.object({
  constraint: z.union([z.object({ start_date: z.iso.date() }), z.object({ start_time: z.string(), end_time: z.string() })]).optional(),
  prices: priceSetSchema,
});
const sourceModelSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  match: z.unknown(),
  prices: z.union([priceSetSchema, z.array(conditionalSchema).min(1)]),
});
const sourceProviderSchema = z.object({
  id: z.string(),
  fallback_model_providers: z.array(z.string()).optional(),
  models: z.array(z.unknown()),
});
export const genaiPricesDataSchema = z.array(sourceProviderSchema);

export interface SkippedModel {
  provider: string;
  model: string;
  reason: string;
}

export interface ImportReport {
  providers: number;
  models: number;
  prices: number;
  skipped: SkippedModel[];
}

type PriceSet = z.infer<typeof priceSetSchema>;

class Unsupported extends Error {}

function priceRows(set: PriceSet, effectiveFrom: string, sourceVersion: string): CatalogPrice[] {
  const rows: CatalogPrice[] = [];
  for (const [field, value] of Object.entries(set)) {
    const mapping = FIELDS[field];
    if (!mapping) throw new Unsupported(`unsupported price field ${field}`);
    const perUnit = (n: number) => formatDecimal(scaleByPowerOfTen(decimalFromNumberLiteral(n), -mapping.per));
    const base = { unit: mapping.unit, currency: "USD", effectiveFrom, source: GENAI_PRICES_SOURCE, sourceVersion };
    if (typeof value === "number") {
      rows.push({ ...base, unitPrice: perUnit(value) });
    } else {
      rows.push({ ...base, unitPrice: perUnit(value.base) });
      for (const tier of value.tiers) rows.push({ ...base, unitPrice: perUnit(tier.price), aboveInputTokens: tier.start });
    }
  }
  return rows;
}

function convertModel(provider: string, raw: unknown, sourceVersion: string): CatalogModel {
  const parsed = sourceModelSchema.safeParse(raw);
  if (!parsed.success) throw new Unsupported(`unreadable model: ${z.prettifyError(parsed.error)}`);
  const model = parsed.data;
  const match = matchRuleSchema.safeParse(model.match);
  if (!match.success) throw new Unsupported("unsupported match rule");
  const conditionals = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  const prices = conditionals.flatMap((conditional, i) => {
    const constraint = conditional.constraint;
    if (constraint && "start_time" in constraint) throw new Unsupported("time-of-day prices");
    if (i > 0 && !constraint) throw new Unsupported("a later price set without a start date");
    const from = i === 0 || !constraint ? EPOCH : `${constraint.start_date}T00:00:00.000Z`;
    return priceRows(conditional.prices, from, sourceVersion);
  });
  if (prices.length === 0) throw new Unsupported("empty price set (free or unknown in the source; not imported as $0)");
  return { provider, model: model.id, ...(model.name ? { name: model.name } : {}), match: match.data, prices };
}

export function convertGenaiPrices(data: unknown, sourceVersion: string): { catalog: PriceCatalog; report: ImportReport } {
  const providers = genaiPricesDataSchema.parse(data);
  const models: CatalogModel[] = [];
  const skipped: SkippedModel[] = [];
  const fallbackProviders: Record<string, string[]> = {};
  for (const provider of providers) {
    if (provider.fallback_model_providers?.length) fallbackProviders[provider.id] = provider.fallback_model_providers;
    for (const raw of provider.models) {
      try {
        models.push(convertModel(provider.id, raw, sourceVersion));
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        const id = (raw as { id?: unknown })?.id;
        skipped.push({ provider: provider.id, model: typeof id === "string" ? id : "?", reason: error.message });
      }
    }
  }
  return {
    catalog: { format: CATALOG_FORMAT, fallbackProviders, models },
    report: {
      providers: providers.length,
      models: models.length,
      prices: models.reduce((n, m) => n + m.prices.length, 0),
      skipped,
    },
  };
}
