/**
 * What every provider cost connector answers (issue 8): the provider's own figures, per UTC day
 * and line item, exactly as it billed them — the other side of reconciliation against what
 * Spendguard priced from events. Runs under Node and Deno (the sync-connectors edge function).
 */

/** One billed figure: a provider's cost for one line item on one UTC day. */
export type DailyCost = {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** What the provider bills it as: a model, a line item, a usage category, an AWS service. */
  line_item: string;
  /** Exact decimal string in currency units (never a float's rounding), e.g. "12.0375". */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
};

/** Usage a provider counts in its own units rather than money (Make: operations and credits). */
export type DailyUsage = { day: string; line_item: string; unit: "operations" | "credits"; quantity: string };

/** Whole UTC days: `from` inclusive, `to` exclusive, both `YYYY-MM-DD`. */
export type DayWindow = { from: string; to: string };

/** How to reach the provider: its real API unless a test or the local stack says otherwise. */
export type ProviderOptions = { baseUrl?: string; fetch?: typeof fetch; timeoutMs?: number };

export type ProviderErrorKind = "unauthorized" | "forbidden" | "not_found" | "rate_limited" | "unavailable" | "rejected" | "malformed" | "network";

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate_limited", "unavailable", "network"]);

/**
 * Every failure of a provider call, typed so the sync decides what next: retry later (rate
 * limited, down, unreachable) or stop and tell the customer (a refused key, a missing permission).
 * The message says what to do in plain words, with the provider's own words when it gave any.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  /** HTTP status; null when no answer arrived. */
  readonly status: number | null;
  readonly retryAfterSeconds: number | undefined;

  constructor(provider: string, kind: ProviderErrorKind, message: string, details: { status?: number | null; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.provider = provider;
    this.kind = kind;
    this.status = details.status ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
