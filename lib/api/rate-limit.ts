/**
 * A token bucket per key, in memory. It limits per server instance: N instances allow up to N
 * times the rate in total. Good enough to stop a runaway client; a shared store (Postgres or
 * Redis) is the upgrade when exact global limits matter.
 */
export type RateLimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = { take(key: string, now?: number): RateLimitDecision };

type Bucket = { tokens: number; updatedAt: number };

// Buckets idle long enough to be full again are dropped when the map grows past this.
const SWEEP_AT = 10_000;

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  private readonly options: { capacity: number; refillPerSecond: number };

  constructor(options: { capacity: number; refillPerSecond: number }) {
    this.options = options;
  }

  take(key: string, now = Date.now()): RateLimitDecision {
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    const refilled = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * refillPerSecond);
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, updatedAt: now });
      if (this.buckets.size > SWEEP_AT) this.sweep(now);
      return { ok: true };
    }
    this.buckets.set(key, { tokens: refilled, updatedAt: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / refillPerSecond)) };
  }

  private sweep(now: number): void {
    const { capacity, refillPerSecond } = this.options;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * refillPerSecond >= capacity) this.buckets.delete(key);
    }
  }
}

/** The default for every /api/v1 route: bursts of 120 requests, 20 a second sustained, per key. */
export const defaultLimiter = new TokenBucketLimiter({ capacity: 120, refillPerSecond: 20 });
