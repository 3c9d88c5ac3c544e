/**
 * Every rule over one organization's facts for the window, largest saving first. Savings of
 * different rules can overlap (a model that is switched is no longer cached), so they are shown
 * one by one, never added up.
 */
import type { PricingContext } from "../pricing/price-event.ts";
import { cachedInputUnused } from "./cached-input-unused.ts";
import { expensiveModelShortOutputs } from "./expensive-model-short-outputs.ts";
import { idleBudgets, type BudgetActivity } from "./idle-budgets.ts";
import { repeatedRequests, type RepeatedRequests } from "./repeated-requests.ts";
import { smsFailedSends, type SmsSends } from "./sms-failed-sends.ts";
import { bySaving, type ModelUsage, type Recommendation } from "./types.ts";
import { unpricedUsage, type UnpricedUsage } from "./unpriced-usage.ts";

export type RecommendationFacts = {
  models: ModelUsage[];
  repeats: RepeatedRequests[];
  sms: SmsSends[];
  budgets: BudgetActivity[];
  unpriced: UnpricedUsage[];
};

/** `pricing`: the organization's catalog (with its negotiated prices), rates and base currency, as of `now`. */
export function recommend(facts: RecommendationFacts, pricing: PricingContext, now: number): Recommendation[] {
  const at = new Date(now);
  const currency = pricing.baseCurrency;
  return [
    ...expensiveModelShortOutputs(facts.models, pricing, at),
    ...cachedInputUnused(facts.models, pricing, at),
    ...repeatedRequests(facts.repeats, currency),
    ...smsFailedSends(facts.sms, currency),
    ...idleBudgets(facts.budgets, currency, now),
    ...unpricedUsage(facts.unpriced),
  ].sort(bySaving);
}
