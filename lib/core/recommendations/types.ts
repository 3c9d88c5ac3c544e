/**
 * Recommendations (issue 8 §3): ways to spend less, each found by one pure rule (a file beside
 * this one) over plain facts that lib/services/recommendations gathers by SQL for the last
 * WINDOW_DAYS days. Nothing here reads the clock or the database: time and facts come in.
 *
 * Savings are exact decimal strings in the organization's base currency, and conservative. A
 * month is the 30-day window itself — a little shorter than an average month (30.44 days), and a
 * window the organization's usage only partly fills is not scaled up — so
 *
 *   monthly_saving = what the last 30 days would have saved.
 *
 * Null where there is nothing to estimate (unpriced usage, an idle budget).
 */
import { formatCount } from "../alerts/message-format.ts";
import { compare, parseDecimal } from "../money.ts";
import { UNITS, type Quantities, type Unit } from "../usage/quantities.ts";

export const WINDOW_DAYS = 30;

export type RecommendationKind =
  | "expensive_model_short_outputs"
  | "repeated_requests"
  | "cached_input_unused"
  | "sms_failed_sends"
  | "idle_budget"
  | "unpriced_usage";

export type RecommendationSubject = { service?: string; model?: string; budget_id?: string };

export type Recommendation = {
  kind: RecommendationKind;
  /** Stable per subject ("expensive_model_short_outputs:openai:gpt-4o"): what people's decisions are stored under. */
  key: string;
  title: string;
  /** Sentences with the numbers the recommendation rests on, the estimate's formula last. */
  evidence: string[];
  /** Base currency, per month (see above); null when it cannot be estimated. */
  monthly_saving: string | null;
  subject: RecommendationSubject;
};

/**
 * Rules whose saving is an estimate (a model switch, caching) stay quiet below this, in the base
 * currency a month: advice worth less than this is not worth anyone's attention.
 */
export const MIN_MONTHLY_SAVING = parseDecimal("1");

/** Usage patterns (model choice, caching) need at least this many calls in the window to be one. */
export const MIN_CALLS = 100;

/** Service names cannot contain ":" (the event schema), so the parts never run into each other. */
export function recommendationKey(kind: RecommendationKind, ...parts: string[]): string {
  return [kind, ...parts].join(":");
}

/** Largest saving first; those without an estimate after them; then by title, then key (stable). */
export function bySaving(a: Recommendation, b: Recommendation): number {
  if (a.monthly_saving !== null && b.monthly_saving !== null) {
    const order = compare(parseDecimal(b.monthly_saving), parseDecimal(a.monthly_saving));
    if (order !== 0) return order;
  } else if (a.monthly_saving !== b.monthly_saving) {
    return a.monthly_saving === null ? 1 : -1;
  }
  return a.title.localeCompare(b.title) || a.key.localeCompare(b.key);
}

/** One service and model over the window, from the hourly rollups. */
export type ModelUsage = {
  service: string;
  model: string;
  /** Events, errors included. */
  calls: number;
  unpriced: number;
  /** Priced and provided costs (unpriced events add nothing). */
  cost: string;
  /** Unit → the window's total as a decimal string, as the rollups keep it. */
  quantities: Record<string, string>;
};

export function totalOf(usage: ModelUsage, unit: Unit): bigint {
  return BigInt(usage.quantities[unit] ?? "0");
}

/**
 * The average call: each unit's total over the calls, a whole count (the pricer counts whole
 * units), rounded as asked — up where the call is priced at an alternative (so its cost is, if
 * anything, too high), down where it is what could be saved.
 */
export function typicalCall(usage: ModelUsage, rounding: "up" | "down"): Quantities {
  const calls = BigInt(usage.calls);
  const call: Quantities = {};
  for (const unit of UNITS) {
    const total = totalOf(usage, unit);
    if (total === 0n) continue;
    call[unit] = Number(rounding === "up" ? (total + calls - 1n) / calls : total / calls);
  }
  return call;
}

/** "1 event", "1,200 events". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** For measured savings that leave unpriced events out. */
export function unpricedNote(count: number): string {
  return `${formatCount(count)} of them ${count === 1 ? "is" : "are"} unpriced and not in the estimate.`;
}

/** "1,500 input tokens, 85 output tokens". */
export function describeCall(call: Quantities): string {
  return Object.entries(call)
    .filter(([, count]) => count > 0)
    .map(([unit, count]) => countOf(count, unit.replaceAll("_", " ")))
    .join(", ");
}
