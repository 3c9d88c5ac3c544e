/**
 * Rule: usage Spendguard could not price counts in no total, budget or forecast, so spend is
 * understated until it has a price (or an exchange rate). One recommendation per service and
 * model with unpriced events in the window, naming how many and why, pointing to Settings →
 * Prices.
 *
 * No saving (null): the point is knowing what is spent; the evidence says so.
 */
import { formatCount } from "../alerts/message-format.ts";
import { countOf, recommendationKey, WINDOW_DAYS, type Recommendation } from "./types.ts";

/** lib/core/pricing's unpriced reasons, in words. */
const REASONS: Record<string, string> = {
  unknown_model: "unknown model",
  no_price_at_time: "no price in force at the time",
  missing_unit_price: "a unit without a price",
  mixed_currency: "prices in two currencies",
  no_fx_rate: "no exchange rate",
  no_billable_quantities: "nothing to price",
  invalid_input: "unreadable usage",
};

/** One service and model over the window. */
export type UnpricedUsage = { service: string; model: string; events: number; reasons: Record<string, number> };

export function unpricedUsage(facts: readonly UnpricedUsage[]): Recommendation[] {
  return facts.map((subject) => {
    const reasons = Object.entries(subject.reasons)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([reason, count]) => `${REASONS[reason] ?? reason}: ${formatCount(count)}`);
    const fix = subject.reasons.no_fx_rate ? "an exchange rate for their currency (or a negotiated price)" : "a negotiated price for the model";
    return {
      kind: "unpriced_usage" as const,
      key: recommendationKey("unpriced_usage", subject.service, subject.model),
      title: `Give ${subject.model} a price`,
      evidence: [
        `${countOf(subject.events, "event")} of ${subject.model} (${subject.service}) in the last ${WINDOW_DAYS} days ${subject.events === 1 ? "has" : "have"} no price ` +
          `(${reasons.join("; ")}).`,
        "Unpriced events count in no total, budget or forecast, so what is spent is understated.",
        `Add ${fix} under Settings → Prices: saving it re-prices these events.`,
        "No saving to estimate: the point is knowing what this usage costs.",
      ],
      monthly_saving: null,
      subject: { service: subject.service, model: subject.model },
    };
  });
}
