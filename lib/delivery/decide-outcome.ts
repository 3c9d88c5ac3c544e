/**
 * What becomes of an outbox row after one attempt. Pure, so the policy reads in one place:
 *
 *   sent                       → sent (provider and its message id kept)
 *   the destination refused    → rejected, and its channel disabled (no retry can help)
 *   any other failure          → pending again after retryDelayMs (the provider's Retry-After
 *                                honoured), or dead once max_attempts are spent
 *
 * "Any other failure" includes deployment problems (no provider key, a wrong one): retrying is
 * what lets a message that waited be delivered once the operator fixes the key.
 */
import { retryDelayMs } from "../core/alerts/retry-schedule.ts";
import { DeliveryError, type DeliveryProvider } from "./errors.ts";

export type Outcome =
  | { status: "sent"; provider: DeliveryProvider; providerMessageId: string }
  | { status: "pending"; delayMs: number; code: string; error: string; provider: DeliveryProvider | null }
  | { status: "dead"; code: string; error: string; provider: DeliveryProvider | null }
  | { status: "rejected"; code: string; error: string; provider: DeliveryProvider | null; disableChannel: boolean };

export type Attempt = { attempts: number; maxAttempts: number; channelId: string | null };

export function failureOutcome(error: unknown, attempt: Attempt, random: () => number): Outcome {
  const failure = error instanceof DeliveryError ? error : null;
  const code = failure?.code ?? "internal_error";
  const message = error instanceof Error ? error.message : String(error);
  const provider = failure?.provider ?? null;
  if (failure?.permanent) return { status: "rejected", code, error: message, provider, disableChannel: attempt.channelId !== null };
  if (attempt.attempts >= attempt.maxAttempts) return { status: "dead", code, error: message, provider };
  const delayMs = retryDelayMs(attempt.attempts, { retryAfterSeconds: failure?.retryAfterSeconds, random });
  return { status: "pending", delayMs, code, error: message, provider };
}

/** Refused before any provider was asked: the message itself cannot or must not be sent. */
export function refusedOutcome(code: string, error: string): Outcome {
  return { status: "rejected", code, error, provider: null, disableChannel: false };
}
