/**
 * Rule: SMS that failed (events with status "error") still cost money — providers bill most
 * undelivered messages, and each one Spendguard priced is counted in the spend.
 *
 * Applies to the SMS services (SMS_SERVICES; events that carry `messages`) per model, from
 * MIN_FAILED_SENDS failures in the window. The evidence names the most frequent error codes and
 * how many failures were sent again (a later event with the same `fingerprint` tag: a retry).
 *
 *   saving = the cost of the failed sends (priced ones; unpriced failures are named, not guessed)
 *
 * No saving (null) when none of the failures is priced.
 */
import { formatAmount, formatCount } from "../alerts/message-format.ts";
import { formatDecimal, parseDecimal } from "../money.ts";
import { FINGERPRINT_TAG } from "./repeated-requests.ts";
import { recommendationKey, unpricedNote, WINDOW_DAYS, type Recommendation } from "./types.ts";

export const SMS_SERVICES = ["twilio"];
export const MIN_FAILED_SENDS = 5;
const ERROR_CODES_SHOWN = 3;

/** One SMS service and model over the window. */
export type SmsSends = {
  service: string;
  model: string;
  sends: number;
  failed: number;
  /** Of the priced failures. */
  cost: string;
  unpriced: number;
  /** Failures followed by an event with the same fingerprint. */
  retried: number;
  /** Most frequent first; code null for failures sent without one. */
  errors: { code: string | null; count: number }[];
};

export function smsFailedSends(facts: readonly SmsSends[], currency: string): Recommendation[] {
  return facts
    .filter((subject) => subject.failed >= MIN_FAILED_SENDS)
    .map((subject) => {
      const priced = subject.failed > subject.unpriced;
      const cost = formatDecimal(parseDecimal(subject.cost));
      const codes = subject.errors
        .slice(0, ERROR_CODES_SHOWN)
        .map((error) => `${formatCount(error.count)} ${error.code === null ? "without an error code" : `with error ${error.code}`}`);
      const evidence = [
        `${formatCount(subject.failed)} of ${formatCount(subject.sends)} SMS sent through ${subject.service} (${subject.model}) in the last ` +
          `${WINDOW_DAYS} days failed (${codes.join(", ")}).`,
        priced
          ? `Spendguard priced them at ${formatAmount(cost, currency)}: money spent on messages nobody received.`
          : "None of those failures is priced, so the saving cannot be estimated.",
      ];
      if (priced && subject.unpriced > 0) evidence.push(unpricedNote(subject.unpriced));
      if (subject.retried > 0) {
        evidence.push(`${formatCount(subject.retried)} of the failures ${subject.retried === 1 ? "was" : "were"} sent again (same "${FINGERPRINT_TAG}" tag): retries of numbers that fail for good cost again.`);
      }
      evidence.push("Check numbers before sending (format, reachable, not opted out), and stop retrying errors that are permanent.");
      evidence.push(`Estimate: the cost of the failed sends over the last ${WINDOW_DAYS} days.`);
      return {
        kind: "sms_failed_sends" as const,
        key: recommendationKey("sms_failed_sends", subject.service, subject.model),
        title: `Stop paying for failed SMS through ${subject.service}`,
        evidence,
        monthly_saving: priced ? cost : null,
        subject: { service: subject.service, model: subject.model },
      };
    });
}
