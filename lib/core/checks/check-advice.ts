/**
 * What a pre-spend check suggests when it would not simply allow (issue 9 §2):
 *
 * - **Cheaper models**: the same provider's catalog models, priced for the same quantities at
 *   the same instant, that cost less than the estimate and that the same budgets would allow (or
 *   only warn about) — so an agent can downgrade instead of failing. Most expensive first: the
 *   closest to what was asked is usually the most capable that fits. The budgets are the ones
 *   the original call matched; a budget scoped to one model would not count the other (documented).
 * - **A pace**: when a budget warns, the most per hour that still lands it on its amount at the
 *   period end — what is left (amount − spent − reserved) over the hours left. The tightest budget
 *   with an end decides.
 */
import { compare, formatDecimal, parseDecimal } from "../money.ts";
import { priceEvent, type PricingContext } from "../pricing/price-event.ts";
import type { Quantities } from "../usage/quantities.ts";
import { decideCheck, type BudgetLedger, type CheckDecision } from "./decide.ts";

export const MAX_ALTERNATIVES = 5;
const HOUR_MS = 3_600_000;

export type CheaperModel = { model: string; estimated_cost: string; decision: "allow" | "warn" };

export type CallToPrice = { service: string; model: string; quantities: Quantities; occurredAt: Date };

export function cheaperModels(call: CallToPrice, estimate: string, ledgers: readonly BudgetLedger[], pricing: PricingContext): CheaperModel[] {
  const original = parseDecimal(estimate);
  const seen = new Set<string>();
  const fits: CheaperModel[] = [];
  for (const candidate of pricing.catalog.models) {
    if (candidate.provider !== call.service || candidate.model === call.model || seen.has(candidate.model)) continue;
    seen.add(candidate.model);
    const { cost } = priceEvent({ ...call, model: candidate.model }, pricing);
    // Unpriced for these quantities (e.g. an embedding model asked for output tokens): not a substitute.
    if (cost === null || compare(parseDecimal(cost), original) >= 0) continue;
    const { decision } = decideCheck(cost, ledgers);
    if (decision === "allow" || decision === "warn") fits.push({ model: candidate.model, estimated_cost: cost, decision });
  }
  return fits
    .sort((a, b) => compare(parseDecimal(b.estimated_cost), parseDecimal(a.estimated_cost)) || a.model.localeCompare(b.model))
    .slice(0, MAX_ALTERNATIVES);
}

export type SuggestedPace = { budget_id: string; name: string; max_per_hour: string; period_end: string };

/** `periodEnds`: each budget's current period end (ms), absent for budgets without one (lifetime). */
export function suggestedPace(decided: CheckDecision, periodEnds: ReadonlyMap<string, number>, now: number): SuggestedPace | null {
  let tightest: { pace: SuggestedPace; perHour: number } | null = null;
  for (const budget of decided.budgets) {
    const end = periodEnds.get(budget.budget_id);
    if (budget.decision !== "warn" || end === undefined || end <= now) continue;
    // A suggested rate, not money: floating point, rounded down to 6 decimals so it never overshoots.
    const perHour = Math.floor((Math.max(0, Number(budget.remaining_before)) / ((end - now) / HOUR_MS)) * 1e6) / 1e6;
    if (tightest === null || perHour < tightest.perHour) {
      const pace = { budget_id: budget.budget_id, name: budget.name, max_per_hour: formatDecimal(parseDecimal(perHour.toFixed(6))), period_end: new Date(end).toISOString() };
      tightest = { pace, perHour };
    }
  }
  return tightest?.pace ?? null;
}
