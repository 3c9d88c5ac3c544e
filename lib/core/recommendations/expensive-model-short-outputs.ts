/**
 * Rule: an expensive model used for short outputs, where a much cheaper model of the same
 * provider — one this organization already runs — would likely do.
 *
 * Applies to a service + model with, over the window: at least MIN_CALLS calls, none unpriced,
 * some output (an embedding model has none, and switching one means re-embedding everything),
 * and at most SHORT_OUTPUT_TOKENS output tokens per call on average (classifying, extracting,
 * routing, short replies: work smaller models do well).
 *
 * The alternative comes from cheaperModels (lib/core/checks/check-advice.ts), asked for the
 * typical call (each unit's 30-day total ÷ calls, rounded up) with half of this model's price for
 * it as the bound, among the provider's models the organization used in the window, fully
 * priced: the most expensive one costing less than half — the closest in capability that is a
 * real step down. Catalog models nobody here runs are not suggested: the catalog also lists audio,
 * preview and retired models that would not "do".
 *
 *   saving = 30-day cost − calls × (the typical call priced at the alternative)
 *
 * Rounding the typical call up prices the alternative a little high, so the saving comes out a
 * little low. Shown from MIN_MONTHLY_SAVING.
 */
import { formatAmount, formatCount } from "../alerts/message-format.ts";
import { cheaperModels } from "../checks/check-advice.ts";
import { compare, formatDecimal, multiply, multiplyByQuantity, parseDecimal, subtract } from "../money.ts";
import type { CatalogModel } from "../pricing/catalog.ts";
import { priceEvent, type PricingContext } from "../pricing/price-event.ts";
import { findCatalogModel } from "../pricing/price-usage.ts";
import {
  describeCall, MIN_CALLS, MIN_MONTHLY_SAVING, recommendationKey, totalOf, typicalCall, WINDOW_DAYS, type ModelUsage, type Recommendation,
} from "./types.ts";

export const SHORT_OUTPUT_TOKENS = 300;
const HALF = parseDecimal("0.5");

export function expensiveModelShortOutputs(usage: readonly ModelUsage[], pricing: PricingContext, now: Date): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const subject of usage) {
    const output = totalOf(subject, "output_token");
    if (subject.calls < MIN_CALLS || subject.unpriced > 0 || output === 0n || output > BigInt(SHORT_OUTPUT_TOKENS) * BigInt(subject.calls)) continue;
    const quantities = typicalCall(subject, "up");
    const call = { service: subject.service, model: subject.model, quantities, occurredAt: now };
    const current = priceEvent(call, pricing).cost;
    if (current === null) continue;
    const used = { ...pricing, catalog: { ...pricing.catalog, models: usedModels(usage, subject.service, pricing) } };
    const [alternative] = cheaperModels(call, formatDecimal(multiply(parseDecimal(current), HALF)), [], used);
    if (!alternative) continue;
    const instead = multiplyByQuantity(parseDecimal(alternative.estimated_cost), subject.calls);
    const saving = subtract(parseDecimal(subject.cost), instead);
    if (compare(saving, MIN_MONTHLY_SAVING) < 0) continue;

    const money = (value: string) => formatAmount(value, pricing.baseCurrency);
    const averageOutput = formatCount(Math.round(Number(output) / subject.calls));
    recommendations.push({
      kind: "expensive_model_short_outputs",
      key: recommendationKey("expensive_model_short_outputs", subject.service, subject.model),
      title: `Try ${alternative.model} for the short answers of ${subject.model}`,
      evidence: [
        `${subject.model} (${subject.service}) answered ${formatCount(subject.calls)} calls in the last ${WINDOW_DAYS} days with ` +
          `${averageOutput} output tokens on average: short answers (at most ${SHORT_OUTPUT_TOKENS} on average).`,
        `They cost ${money(subject.cost)}. The same calls would cost about ${money(formatDecimal(instead))} with ${alternative.model}, ` +
          `which this organization already uses: less than half the price per call.`,
        `Estimate: the ${WINDOW_DAYS}-day cost minus ${formatCount(subject.calls)} typical calls (${describeCall(quantities)}: ` +
          `each unit's total divided by the calls, rounded up) at ${alternative.model}'s price.`,
      ],
      monthly_saving: formatDecimal(saving),
      subject: { service: subject.service, model: subject.model },
    });
  }
  return recommendations;
}

/** The provider's catalog entries for the models this organization used in the window, fully priced. */
function usedModels(usage: readonly ModelUsage[], service: string, pricing: PricingContext): CatalogModel[] {
  const entries = new Set<CatalogModel>();
  for (const other of usage) {
    if (other.service !== service || other.unpriced > 0) continue;
    const entry = findCatalogModel(pricing.catalog, service, other.model);
    if (entry) entries.add(entry);
  }
  return [...entries];
}
