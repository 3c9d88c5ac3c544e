/**
 * When to try a notification again after a failed attempt: exponential backoff from 30 seconds,
 * doubling, capped at 30 minutes, with "equal jitter" — half the step fixed, half random — so
 * a provider recovering from an outage is not hit by every waiting message in the same second,
 * yet no retry comes sooner than half its step. A provider's Retry-After (429, 503) is honoured
 * as a lower bound, up to an hour (a longer one is a provider bug we do not wait out).
 *
 * Attempt n failed → wait between step/2 and step, step = min(30 s × 2^(n−1), 30 min):
 *
 *   failed attempt  wait            next attempt after the first failure
 *    1              15 s – 30 s      15 s – 30 s
 *    2              30 s – 1 min     45 s – 1 min 30 s
 *    3              1 – 2 min        1 min 45 s – 3 min 30 s
 *    4              2 – 4 min        3 min 45 s – 7 min 30 s
 *    5              4 – 8 min        7 min 45 s – 15 min 30 s
 *    6              8 – 16 min       15 min 45 s – 31 min 30 s
 *    7              15 – 30 min      30 min 45 s – 1 h 1 min 30 s
 *    8              15 – 30 min      45 min 45 s – 1 h 31 min 30 s
 *    9              15 – 30 min      1 h 0 min 45 s – 2 h 1 min 30 s
 *   10              — (max_attempts is 10: the row is dead, visible in the outbox)
 *
 * The dispatcher runs every minute, so each retry happens at the first run after its time.
 * Resend down for ten minutes: attempts 1–5 fail within 7.5 minutes; the 6th comes 7¾ to
 * 15½ minutes in (after the outage, or just before its end); if it still fails, the 7th comes
 * 15¾ to 31½ minutes in and delivers. So the email arrives 10 to about 32 minutes after the
 * outage began, once: every attempt carries the same idempotency key.
 */

const FIRST_STEP_MS = 30_000;
const MAX_STEP_MS = 30 * 60_000;
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * How long to wait after failed attempt `attempt` (1 for the first) before the next.
 * `random` returns [0, 1) (Math.random in production, a fixed sequence in tests).
 */
export function retryDelayMs(attempt: number, options: { retryAfterSeconds?: number; random: () => number }): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  // 2^6 × 30 s is past the cap already; a bounded exponent keeps huge attempt numbers finite.
  const step = Math.min(FIRST_STEP_MS * 2 ** Math.min(attempt - 1, 16), MAX_STEP_MS);
  const jittered = Math.round(step / 2 + options.random() * (step / 2));
  const retryAfter = options.retryAfterSeconds;
  const floor = retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : 0;
  return Math.max(jittered, Math.ceil(floor));
}
