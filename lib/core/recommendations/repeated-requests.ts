/**
 * Rule: identical requests sent again and again, which a cache in front of the provider would
 * answer.
 *
 * "Identical" is the client's word for it: events carry no request body, so a client that wants
 * this checked sends a `fingerprint` tag — a hash of what makes two requests the same (model,
 * prompt, parameters). Within the window, per service, model and fingerprint, the first
 * successful event is the original and every later successful one a repeat. Failed calls are
 * not repeats (retrying a failure is no cacheable answer; failed SMS have a rule of their own).
 *
 *   saving = the cost of the repeats (priced ones; unpriced repeats are named, not guessed)
 *
 * Shown from MIN_REPEATS repeats; no saving (null) when none of them is priced.
 */
import { formatAmount, formatCount } from "../alerts/message-format.ts";
import { formatDecimal, parseDecimal } from "../money.ts";
import { countOf, recommendationKey, unpricedNote, WINDOW_DAYS, type Recommendation } from "./types.ts";

export const FINGERPRINT_TAG = "fingerprint";
export const MIN_REPEATS = 10;

/** One service and model over the window: its successful events with a fingerprint, after the first of each. */
export type RepeatedRequests = {
  service: string;
  model: string;
  /** Fingerprints seen more than once. */
  fingerprints: number;
  repeats: number;
  /** Of the priced repeats. */
  cost: string;
  unpriced: number;
};

export function repeatedRequests(facts: readonly RepeatedRequests[], currency: string): Recommendation[] {
  return facts
    .filter((subject) => subject.repeats >= MIN_REPEATS)
    .map((subject) => {
      const priced = subject.repeats > subject.unpriced;
      const cost = formatDecimal(parseDecimal(subject.cost));
      const evidence = [
        `${formatCount(subject.repeats)} successful calls to ${subject.model} (${subject.service}) in the last ${WINDOW_DAYS} days repeated an ` +
          `earlier one with the same fingerprint (${countOf(subject.fingerprints, "fingerprint")} seen more than once).`,
        priced
          ? `Those repeats cost ${formatAmount(cost, currency)}: a cache in front of the model would have answered them.`
          : "None of those repeats is priced, so the saving cannot be estimated.",
      ];
      if (priced && subject.unpriced > 0) evidence.push(unpricedNote(subject.unpriced));
      evidence.push(`Estimate: the cost of every call after the first with the same "${FINGERPRINT_TAG}" tag, over the last ${WINDOW_DAYS} days.`);
      return {
        kind: "repeated_requests" as const,
        key: recommendationKey("repeated_requests", subject.service, subject.model),
        title: `Cache repeated requests to ${subject.model}`,
        evidence,
        monthly_saving: priced ? cost : null,
        subject: { service: subject.service, model: subject.model },
      };
    });
}
