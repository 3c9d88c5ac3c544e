/**
 * How unit prices are entered and shown on the prices page. Providers publish token prices per
 * million tokens, so token units are entered per 1M tokens; every other unit (a message, an email,
 * a search, a generic SKU unit…) per one unit. Stored prices are always per ONE unit
 * (public.price_overrides.unit_prices), and converting is an exact shift of the decimal point.
 * No `server-only`: the form's labels and hints come from here too.
 */
import { formatDecimal, parseDecimal, scaleByPowerOfTen } from "@/lib/core/money";
import { UNITS, type Unit } from "@/lib/core/usage/quantities";

/** What one entered price is for, and its label. */
export const UNIT_ENTRY: Record<Unit, { label: string; per: string; exponent: number }> = {
  input_token: { label: "Input tokens", per: "1M tokens", exponent: 6 },
  cached_input_token: { label: "Cached input tokens (cache reads)", per: "1M tokens", exponent: 6 },
  cache_write_token: { label: "Cache writes (5 minutes)", per: "1M tokens", exponent: 6 },
  cache_write_1h_token: { label: "Cache writes (1 hour)", per: "1M tokens", exponent: 6 },
  output_token: { label: "Output tokens", per: "1M tokens", exponent: 6 },
  reasoning_token: { label: "Reasoning tokens", per: "1M tokens", exponent: 6 },
  input_audio_token: { label: "Audio input tokens", per: "1M tokens", exponent: 6 },
  cached_input_audio_token: { label: "Cached audio input tokens", per: "1M tokens", exponent: 6 },
  output_audio_token: { label: "Audio output tokens", per: "1M tokens", exponent: 6 },
  web_search_request: { label: "Web searches", per: "search", exponent: 0 },
  request: { label: "Requests", per: "request", exponent: 0 },
  message: { label: "Messages", per: "message", exponent: 0 },
  email: { label: "Emails", per: "email", exponent: 0 },
  second: { label: "Seconds", per: "second", exponent: 0 },
  unit: { label: "Units (generic SKU)", per: "unit", exponent: 0 },
};

/** A stored per-unit price as it is entered and shown (per 1M tokens for token units). */
export function toEntryPrice(unit: Unit, unitPrice: string): string {
  return formatDecimal(scaleByPowerOfTen(parseDecimal(unitPrice), UNIT_ENTRY[unit].exponent));
}

/** An entered price as the per-unit price that is stored. */
export function fromEntryPrice(unit: Unit, entered: string): string {
  return formatDecimal(scaleByPowerOfTen(parseDecimal(entered), -UNIT_ENTRY[unit].exponent));
}

/** Stored per-unit prices in the order of UNITS, as entered and shown. */
export function entryPrices(unitPrices: Partial<Record<Unit, string>>): { unit: Unit; price: string }[] {
  return UNITS.flatMap((unit) => {
    const price = unitPrices[unit];
    return price === undefined ? [] : [{ unit, price: toEntryPrice(unit, price) }];
  });
}
