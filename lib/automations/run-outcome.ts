/**
 * What carrying out one claimed run came to, and the one retry policy for every outside action:
 * what may succeed later by itself (rate limits, outages, the network) is tried again with the
 * notifications' backoff (lib/core/alerts/retry-schedule.ts, honouring Retry-After) up to
 * MAX_ATTEMPTS per phase; anything else is final.
 */
import type { TransactionSql } from "postgres";
import { retryDelayMs } from "../core/alerts/retry-schedule.ts";

/** Attempts per phase (carrying out, or undoing) before a run gives up. */
export const MAX_ATTEMPTS = 6;

/** A run's final status, or null to try again at retryAt; `did` is the progress so far. */
export type Outcome = { status: "done" | "skipped" | "failed" | "undone" | null; did: object | null; note: string | null; retryAt?: Date };

/** A claimed run, as private.claim_action_runs returns it. */
export type ClaimedRun = {
  id: string;
  action_id: string | null;
  alert_id: string;
  kind: string;
  status: "queued" | "undoing";
  attempts: number;
  target: Record<string, unknown>;
  did: unknown;
};

export type WithService = <T>(fn: (tx: TransactionSql) => Promise<T>) => Promise<T>;

export type RunnerSettings = {
  /** Every Make zone's API at this origin instead (MAKE_BASE_URL: tests and the local stack). */
  makeBaseUrl?: string;
  /** The app's public URL, for the alert link in webhook bodies (SPENDGUARD_SITE_URL). */
  siteUrl?: string;
  /** Webhooks to loopback and private networks (the local stack and tests only). */
  allowPrivateWebhooks?: boolean;
  fetch?: typeof fetch;
  random?: () => number;
};

/** Try again later if the failure may pass by itself and attempts remain; null when it is final. */
export function retryOutcome(
  run: ClaimedRun,
  failure: { retryable: boolean; retryAfterSeconds?: number; message: string },
  did: object | null,
  random: () => number,
): Outcome | null {
  if (!failure.retryable || run.attempts >= MAX_ATTEMPTS) return null;
  const wait = retryDelayMs(run.attempts, { retryAfterSeconds: failure.retryAfterSeconds, random });
  return { status: null, did, note: `${failure.message} Trying again.`, retryAt: new Date(Date.now() + wait) };
}
