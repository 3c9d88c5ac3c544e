/**
 * Currency conversion with dated rates. A rate says: 1 unit of `currency` = `rate` units of the
 * organization's base currency, as of `rateDate` (a calendar day, UTC). An amount dated at some
 * instant is converted with the newest rate dated on or before that instant's UTC day — whatever
 * its age, so monthly rates entered by hand work; the rate and its day travel with the result so
 * people can see what was used. No such rate → no conversion (the caller leaves the cost
 * unpriced, never guesses). Exact: the product of two decimals, not rounded.
 */
import { z } from "zod";
import { formatDecimal, multiply, parseDecimal } from "../money.ts";

export const fxRateSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** YYYY-MM-DD */
  rate_date: z.iso.date(),
  rate: z.string().regex(/^\d+(\.\d+)?$/),
});
export type FxRate = z.infer<typeof fxRateSchema>;

/** Rates per currency, newest first. Build once per batch with fxTable. */
export type FxTable = ReadonlyMap<string, readonly FxRate[]>;

export function fxTable(rates: readonly FxRate[]): FxTable {
  const byCurrency = new Map<string, FxRate[]>();
  for (const rate of rates) {
    const list = byCurrency.get(rate.currency) ?? [];
    list.push(rate);
    byCurrency.set(rate.currency, list);
  }
  for (const list of byCurrency.values()) list.sort((a, b) => (a.rate_date < b.rate_date ? 1 : a.rate_date > b.rate_date ? -1 : 0));
  return byCurrency;
}

export const EMPTY_FX_TABLE: FxTable = new Map();

export type Conversion =
  | { status: "same"; amount: string }
  | { status: "converted"; amount: string; rate: string; rateDate: string }
  | { status: "no_rate" };

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function convert(amount: string, currency: string, at: Date, baseCurrency: string, table: FxTable): Conversion {
  if (currency === baseCurrency) return { status: "same", amount };
  const day = utcDay(at);
  const rate = table.get(currency)?.find((candidate) => candidate.rate_date <= day);
  if (!rate) return { status: "no_rate" };
  return {
    status: "converted",
    amount: formatDecimal(multiply(parseDecimal(amount), parseDecimal(rate.rate))),
    rate: rate.rate,
    rateDate: rate.rate_date,
  };
}
