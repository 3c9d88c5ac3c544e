/**
 * Prices one usage event against the catalog. The answer is either a complete price or
 * "unpriced" with a reason — never a silent 0, and never a partial sum that looks complete: if any
 * used quantity has no price (e.g. cache writes on a model whose entry lacks a write price) the
 * whole event is unpriced and the reason lists the missing units.
 */
import { formatDecimal, multiplyByQuantity, parseDecimal, sum, type Decimal } from "../money.ts";
import { OPTIONAL_UNITS, quantitiesSchema, totalInputTokens, UNITS, type Quantities, type Unit } from "../usage/quantities.ts";
import type { CatalogModel, CatalogPrice, PriceCatalog } from "./catalog.ts";
import { matchesModel } from "./match.ts";

export interface PriceUsageInput {
  provider: string;
  model: string;
  occurredAt: Date | string;
  /** Disjoint quantities (see lib/core/usage/quantities.ts). */
  quantities: Quantities;
  /** Reasoning tokens INCLUDED in quantities.output_token; split out only if the model has a reasoning price. */
  reasoningTokens?: number;
}

export interface PricedLine {
  unit: Unit;
  quantity: number;
  unitPrice: string;
  amount: string;
  /** Set when a long-context tier price was used. */
  aboveInputTokens?: number;
  source: string;
  sourceVersion: string;
}

export type UnpricedReason =
  | "invalid_input"
  | "unknown_model"
  | "no_price_at_time"
  | "missing_unit_price"
  | "mixed_currency"
  | "no_billable_quantities";

export type PriceResult =
  | {
      status: "priced";
      currency: string;
      /** Exact decimal string, not rounded. */
      total: string;
      lines: PricedLine[];
      /** The catalog entry used and the start of the price version applied. */
      catalogProvider: string;
      catalogModel: string;
      effectiveFrom: string;
    }
  | {
      status: "unpriced";
      reason: UnpricedReason;
      message: string;
      catalogProvider?: string;
      catalogModel?: string;
      missingUnits?: Unit[];
    };

const modelsByProvider = new WeakMap<PriceCatalog, Map<string, CatalogModel[]>>();

function providerIndex(catalog: PriceCatalog): Map<string, CatalogModel[]> {
  let index = modelsByProvider.get(catalog);
  if (!index) {
    index = new Map();
    for (const model of catalog.models) {
      const list = index.get(model.provider) ?? [];
      list.push(model);
      index.set(model.provider, list);
    }
    modelsByProvider.set(catalog, index);
  }
  return index;
}

// Model strings repeat endlessly in a usage stream, and a miss scans every rule of the provider
// (and of those it resells): remember each answer per catalog. Bounded: an unbounded stream of
// distinct strings just starts the memo over.
const lookups = new WeakMap<PriceCatalog, Map<string, CatalogModel | null>>();
const MAX_LOOKUPS = 50_000;

/** The provider's own models first, then those of the providers it resells (in listed order). */
export function findCatalogModel(catalog: PriceCatalog, provider: string, model: string): CatalogModel | undefined {
  let memo = lookups.get(catalog);
  if (!memo) {
    memo = new Map();
    lookups.set(catalog, memo);
  }
  const key = `${provider}\u0000${model}`;
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  const index = providerIndex(catalog);
  let found: CatalogModel | undefined;
  for (const candidate of [provider, ...(catalog.fallbackProviders?.[provider] ?? [])]) {
    found = index.get(candidate)?.find((entry) => matchesModel(entry.match, model));
    if (found) break;
  }
  if (memo.size >= MAX_LOOKUPS) memo.clear();
  memo.set(key, found ?? null);
  return found;
}

type Version = { from: number; effectiveFrom: string; rows: CatalogPrice[] };

// Each model's prices grouped into versions once, newest first (parsing dates per event was a
// measurable share of ingest time).
const versionsByModel = new WeakMap<CatalogModel, Version[]>();

function versionsOf(model: CatalogModel): Version[] {
  let versions = versionsByModel.get(model);
  if (!versions) {
    const byStart = new Map<number, CatalogPrice[]>();
    for (const price of model.prices) {
      const from = Date.parse(price.effectiveFrom);
      byStart.set(from, [...(byStart.get(from) ?? []), price]);
    }
    versions = [...byStart.entries()]
      .sort(([a], [b]) => b - a)
      .map(([from, rows]) => ({ from, effectiveFrom: new Date(from).toISOString(), rows }));
    versionsByModel.set(model, versions);
  }
  return versions;
}

/** Rows of the newest version in force at `at` (ms since epoch), or undefined if none was yet. */
function versionAt(model: CatalogModel, at: number): Version | undefined {
  return versionsOf(model).find((version) => version.from <= at);
}

/** Base row, or the tier row with the highest threshold the call's input exceeds. */
function rowFor(rows: CatalogPrice[], unit: Unit, inputTokens: number): CatalogPrice | undefined {
  let chosen: CatalogPrice | undefined;
  for (const row of rows) {
    if (row.unit !== unit) continue;
    const threshold = row.aboveInputTokens ?? 0;
    if (threshold > 0 && inputTokens <= threshold) continue;
    if (!chosen || threshold > (chosen.aboveInputTokens ?? 0)) chosen = row;
  }
  return chosen;
}

export function priceUsage(catalog: PriceCatalog, input: PriceUsageInput): PriceResult {
  const parsed = quantitiesSchema.safeParse(input.quantities);
  const at = input.occurredAt instanceof Date ? input.occurredAt.getTime() : Date.parse(input.occurredAt);
  const reasoning = input.reasoningTokens ?? 0;
  if (!parsed.success || Number.isNaN(at) || !Number.isSafeInteger(reasoning) || reasoning < 0) {
    return { status: "unpriced", reason: "invalid_input", message: "quantities must be non-negative integers and occurredAt a valid time" };
  }
  const quantities: Quantities = { ...parsed.data };
  if (reasoning > (quantities.output_token ?? 0)) {
    return { status: "unpriced", reason: "invalid_input", message: "reasoningTokens exceed output_token" };
  }

  const entry = findCatalogModel(catalog, input.provider, input.model);
  if (!entry) {
    return {
      status: "unpriced",
      reason: "unknown_model",
      message: `no catalog price for model "${input.model}" of provider "${input.provider}"`,
    };
  }
  const found = { catalogProvider: entry.provider, catalogModel: entry.model };
  const version = versionAt(entry, at);
  if (!version) {
    return { status: "unpriced", reason: "no_price_at_time", message: `no price for ${entry.model} was in force at that time`, ...found };
  }

  if (reasoning > 0 && version.rows.some((row) => row.unit === "reasoning_token")) {
    quantities.output_token = (quantities.output_token ?? 0) - reasoning;
    quantities.reasoning_token = (quantities.reasoning_token ?? 0) + reasoning;
  }

  const inputTokens = totalInputTokens(quantities);
  const lines: PricedLine[] = [];
  const amounts: Decimal[] = [];
  const missingUnits: Unit[] = [];
  for (const unit of UNITS) {
    const quantity = quantities[unit] ?? 0;
    if (quantity === 0) continue;
    const row = rowFor(version.rows, unit, inputTokens);
    if (!row) {
      if (!OPTIONAL_UNITS.has(unit)) missingUnits.push(unit);
      continue;
    }
    const amount = multiplyByQuantity(parseDecimal(row.unitPrice), quantity);
    amounts.push(amount);
    lines.push({
      unit,
      quantity,
      unitPrice: row.unitPrice,
      amount: formatDecimal(amount),
      ...(row.aboveInputTokens ? { aboveInputTokens: row.aboveInputTokens } : {}),
      source: row.source,
      sourceVersion: row.sourceVersion,
    });
  }

  if (missingUnits.length > 0) {
    return {
      status: "unpriced",
      reason: "missing_unit_price",
      message: `${entry.model} has no price for ${missingUnits.join(", ")}`,
      missingUnits,
      ...found,
    };
  }
  if (lines.length === 0) {
    // Nothing to charge is suspicious (a provider that reported zero tokens), not a free call.
    return { status: "unpriced", reason: "no_billable_quantities", message: "the event has no priced quantity", ...found };
  }
  const currencies = new Set(version.rows.filter((row) => lines.some((l) => l.unit === row.unit)).map((row) => row.currency));
  if (currencies.size > 1) {
    return { status: "unpriced", reason: "mixed_currency", message: `prices of ${entry.model} mix currencies`, ...found };
  }
  const [currency] = currencies;
  return { status: "priced", currency, total: formatDecimal(sum(amounts)), lines, ...found, effectiveFrom: version.effectiveFrom };
}
