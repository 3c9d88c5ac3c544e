/**
 * The billable units Spendguard prices, and the normalized quantity set every provider's usage is
 * turned into. Quantities are DISJOINT: each token is counted under exactly one unit, so a cost is
 * Σ quantity × unit price with nothing charged twice and nothing left out.
 */
import { z } from "zod";

export const UNITS = [
  /** Text input tokens not read from a cache (OpenAI: prompt − cached; Anthropic: input_tokens). */
  "input_token",
  /** Input tokens read from the prompt cache (OpenAI cached_tokens, Anthropic cache_read_input_tokens). */
  "cached_input_token",
  /** Tokens written to the cache with the default (Anthropic: 5-minute) lifetime. */
  "cache_write_token",
  /** Tokens written to the cache with a 1-hour lifetime (Anthropic ephemeral_1h). */
  "cache_write_1h_token",
  /** All output tokens, reasoning/thinking included (every provider bills them as output). */
  "output_token",
  /** Output tokens priced separately as reasoning (rare: only where the catalog has such a price). */
  "reasoning_token",
  "input_audio_token",
  "cached_input_audio_token",
  "output_audio_token",
  "web_search_request",
  /** One API call. Charged only where the catalog has a per-request price (see OPTIONAL_UNITS). */
  "request",
  /** One message (an SMS segment for Twilio). */
  "message",
  "email",
  "second",
  /** A generic SKU unit (a scraper run, a GPU hour…): no catalog prices it, an organization's override can. */
  "unit",
] as const;

export type Unit = (typeof UNITS)[number];

export const unitSchema = z.enum(UNITS);

/** Non-negative integer count. */
export const countSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Quantity per unit; absent means zero. */
export type Quantities = Partial<Record<Unit, number>>;

export const quantitiesSchema = z.partialRecord(unitSchema, countSchema);

/**
 * A unit whose quantity may be used without a price: almost no token-priced API charges per call,
 * so a request count on a model without a per-request price costs nothing rather than making the
 * whole event unpriced. Every other unit with a quantity > 0 must have a price.
 */
export const OPTIONAL_UNITS: ReadonlySet<Unit> = new Set<Unit>(["request"]);

export interface NormalizedUsage {
  quantities: Quantities;
  /**
   * Reasoning/thinking tokens, INCLUDED in quantities.output_token (informational, and used to
   * split them out only when the catalog has a separate reasoning price). Absent when the provider
   * does not report them separately (Anthropic bills thinking as output without a breakdown).
   */
  reasoningTokens?: number;
}

/**
 * Input tokens of every kind in one call — uncached, cache reads and cache writes, text and audio.
 * Long-context price tiers ("above 200k input tokens") are decided on this number.
 */
export function totalInputTokens(quantities: Quantities): number {
  return (
    (quantities.input_token ?? 0) +
    (quantities.cached_input_token ?? 0) +
    (quantities.cache_write_token ?? 0) +
    (quantities.cache_write_1h_token ?? 0) +
    (quantities.input_audio_token ?? 0) +
    (quantities.cached_input_audio_token ?? 0)
  );
}

/** Drops zero quantities so the set lists only what was used. */
export function compactQuantities(quantities: Quantities): Quantities {
  const compact: Quantities = {};
  for (const unit of UNITS) {
    const value = quantities[unit];
    if (value !== undefined && value > 0) compact[unit] = value;
  }
  return compact;
}
