/**
 * Rule: long prompts, a model with a lower price for input read from the prompt cache, and none
 * of its input in the window came from the cache.
 *
 * Applies to a service + model with, over the window: at least MIN_CALLS calls, none unpriced, no
 * cache reads or writes at all, and at least MIN_PROMPT_TOKENS uncached input tokens per call on
 * average (OpenAI and Anthropic cache prompts from 1,024 tokens on).
 *
 * How much of each prompt repeats is not in the data, so the estimate assumes a quarter of it is
 * a stable prefix (instructions, tool definitions, examples) — less than such prefixes usually
 * are. With the typical call (each unit's 30-day total ÷ calls, rounded down) and
 * c = ⌊its input tokens ÷ 4⌋:
 *
 *   saving = calls × (price(typical call) − price(typical call with c of its input tokens read from the cache))
 *
 * both at this model's own prices (negotiated ones included), and only when the model prices
 * cached input at all. Cache writes (Anthropic bills a premium once per cache lifetime) are not
 * counted: one write serves many reads, and the low share leaves room for them. Shown from
 * MIN_MONTHLY_SAVING.
 */
import { formatAmount, formatCount } from "../alerts/message-format.ts";
import { compare, formatDecimal, multiplyByQuantity, parseDecimal, subtract } from "../money.ts";
import { priceEvent, type PricingContext } from "../pricing/price-event.ts";
import type { Unit } from "../usage/quantities.ts";
import { MIN_CALLS, MIN_MONTHLY_SAVING, recommendationKey, totalOf, typicalCall, WINDOW_DAYS, type ModelUsage, type Recommendation } from "./types.ts";

export const MIN_PROMPT_TOKENS = 1024;
const CACHE_UNITS: Unit[] = ["cached_input_token", "cache_write_token", "cache_write_1h_token", "cached_input_audio_token"];

export function cachedInputUnused(usage: readonly ModelUsage[], pricing: PricingContext, now: Date): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const subject of usage) {
    const input = totalOf(subject, "input_token");
    if (subject.calls < MIN_CALLS || subject.unpriced > 0 || CACHE_UNITS.some((unit) => totalOf(subject, unit) > 0n)) continue;
    if (input < BigInt(MIN_PROMPT_TOKENS) * BigInt(subject.calls)) continue;
    const call = typicalCall(subject, "down");
    const prompt = call.input_token ?? 0;
    const cached = Math.floor(prompt / 4);
    const price = (quantities: typeof call) => priceEvent({ service: subject.service, model: subject.model, quantities, occurredAt: now }, pricing).cost;
    const uncachedCost = price(call);
    const cachedCost = price({ ...call, input_token: prompt - cached, cached_input_token: cached });
    if (uncachedCost === null || cachedCost === null) continue;
    const saving = multiplyByQuantity(subtract(parseDecimal(uncachedCost), parseDecimal(cachedCost)), subject.calls);
    if (compare(saving, MIN_MONTHLY_SAVING) < 0) continue;

    recommendations.push({
      kind: "cached_input_unused",
      key: recommendationKey("cached_input_unused", subject.service, subject.model),
      title: `Cache the prompts sent to ${subject.model}`,
      evidence: [
        `${subject.model} (${subject.service}) read ${formatCount(Number(input))} input tokens over ${formatCount(subject.calls)} calls in the last ` +
          `${WINDOW_DAYS} days (${formatCount(prompt)} per call on average), none of them from the prompt cache.`,
        `This model prices input read from the cache lower. Had a quarter of each prompt (${formatCount(cached)} tokens) been a cached ` +
          `prefix, the same calls would have cost ${formatAmount(formatDecimal(saving), pricing.baseCurrency)} less.`,
        "Put what every call repeats (instructions, tool definitions, examples) at the start of the prompt: OpenAI caches such " +
          "prefixes by itself, Anthropic when the request marks them with cache_control.",
        `Estimate: the calls × (a typical call's price − the same call with a quarter of its input read from the cache), at this ` +
          `model's prices; cache writes are not counted.`,
      ],
      monthly_saving: formatDecimal(saving),
      subject: { service: subject.service, model: subject.model },
    });
  }
  return recommendations;
}
