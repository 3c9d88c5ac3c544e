/**
 * The cost of one stored usage event in the organization's base currency: the shared last step
 * of ingest and of repricing, so an event re-priced later gets exactly what ingest would give it
 * with the same prices and rates.
 *
 * - A client's own cost ("provided") is used as given, converted if it is in another currency.
 * - Otherwise the event is priced from the catalog (with the organization's overrides laid over
 *   it), then converted.
 * - Anything missing leaves the event unpriced with the reason — never 0. A conversion that finds
 *   no rate keeps what is known (the original amount, and the price lines of a catalog price) so
 *   adding the rate later re-prices it.
 */
import type { PriceCatalog } from "./catalog.ts";
import { convert, type FxTable } from "./fx.ts";
import { priceUsage, type PricedLine } from "./price-usage.ts";
import type { Quantities } from "../usage/quantities.ts";

export type PriceLines = { catalogProvider: string; catalogModel: string; effectiveFrom: string; currency: string; lines: PricedLine[] };

export type PricingContext = { baseCurrency: string; catalog: PriceCatalog; fx: FxTable };

export type EventToPrice = {
  service: string;
  model: string;
  occurredAt: Date;
  quantities: Quantities;
  /** Included in quantities.output_token. */
  reasoningTokens?: number;
  /** The client's own cost, when it sent one. */
  provided?: { amount: string; currency: string };
};

/** The pricing columns of public.usage_events (snake_case, decimals as strings). */
export type EventPricing = {
  cost: string | null;
  pricing_status: "priced" | "unpriced" | "provided";
  unpriced_reason: string | null;
  price_lines: PriceLines | null;
  original_cost: string | null;
  original_currency: string | null;
  fx_rate: string | null;
  fx_rate_date: string | null;
};

const NO_CONVERSION = { fx_rate: null, fx_rate_date: null };

function withConversion(
  amount: string,
  currency: string,
  event: EventToPrice,
  context: PricingContext,
  status: "priced" | "provided",
  priceLines: PriceLines | null,
): EventPricing {
  const original = { original_cost: amount, original_currency: currency, price_lines: priceLines };
  const conversion = convert(amount, currency, event.occurredAt, context.baseCurrency, context.fx);
  if (conversion.status === "no_rate") {
    return { cost: null, pricing_status: "unpriced", unpriced_reason: "no_fx_rate", ...original, ...NO_CONVERSION };
  }
  if (conversion.status === "same") {
    return { cost: amount, pricing_status: status, unpriced_reason: null, ...original, ...NO_CONVERSION };
  }
  return {
    cost: conversion.amount,
    pricing_status: status,
    unpriced_reason: null,
    ...original,
    fx_rate: conversion.rate,
    fx_rate_date: conversion.rateDate,
  };
}

export function priceEvent(event: EventToPrice, context: PricingContext): EventPricing {
  if (event.provided) return withConversion(event.provided.amount, event.provided.currency, event, context, "provided", null);

  const price = priceUsage(context.catalog, {
    provider: event.service,
    model: event.model,
    occurredAt: event.occurredAt,
    quantities: event.quantities,
    reasoningTokens: event.reasoningTokens,
  });
  if (price.status === "unpriced") {
    return {
      cost: null, pricing_status: "unpriced", unpriced_reason: price.reason, price_lines: null,
      original_cost: null, original_currency: null, ...NO_CONVERSION,
    };
  }
  const lines: PriceLines = {
    catalogProvider: price.catalogProvider,
    catalogModel: price.catalogModel,
    effectiveFrom: price.effectiveFrom,
    currency: price.currency,
    lines: price.lines,
  };
  return withConversion(price.total, price.currency, event, context, "priced", lines);
}
