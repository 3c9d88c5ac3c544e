import { describe, expect, it } from "vitest";
import { failureOutcome, refusedOutcome } from "@/lib/delivery/decide-outcome.ts";
import { ChannelNotConfiguredError, DeliveryError } from "@/lib/delivery/errors.ts";
import { parseRetryAfter } from "@/lib/delivery/retry-after.ts";

const half = () => 0.5;
const error = (details: Partial<ConstructorParameters<typeof DeliveryError>[1]> = {}) =>
  new DeliveryError("failed", { channel: "sms", provider: "twilio", code: "20500", status: 500, retryable: true, ...details });

describe("failureOutcome", () => {
  it("retries a transient failure after the backoff step of its attempt", () => {
    expect(failureOutcome(error(), { attempts: 1, maxAttempts: 10, channelId: null }, half)).toEqual({
      status: "pending", delayMs: 22_500, code: "20500", error: "failed", provider: "twilio",
    });
    expect(failureOutcome(error(), { attempts: 3, maxAttempts: 10, channelId: null }, half)).toMatchObject({ status: "pending", delayMs: 90_000 });
  });

  it("waits at least as long as the provider's Retry-After", () => {
    const outcome = failureOutcome(error({ status: 429, retryAfterSeconds: 120 }), { attempts: 1, maxAttempts: 10, channelId: null }, half);
    expect(outcome).toMatchObject({ status: "pending", delayMs: 120_000 });
  });

  it("is dead once the last attempt failed", () => {
    expect(failureOutcome(error(), { attempts: 10, maxAttempts: 10, channelId: null }, half)).toEqual({
      status: "dead", code: "20500", error: "failed", provider: "twilio",
    });
  });

  it("rejects a refused destination at once, disabling its channel when it has one", () => {
    const refused = error({ code: "21610", status: 400, retryable: false, permanent: true });
    expect(failureOutcome(refused, { attempts: 1, maxAttempts: 10, channelId: "c1" }, half)).toEqual({
      status: "rejected", code: "21610", error: "failed", provider: "twilio", disableChannel: true,
    });
    expect(failureOutcome(refused, { attempts: 1, maxAttempts: 10, channelId: null }, half)).toMatchObject({ status: "rejected", disableChannel: false });
  });

  it("keeps retrying a deployment problem, so fixing the key delivers what waited", () => {
    const missing = new ChannelNotConfiguredError("email", "resend", "RESEND_API_KEY", "Email is not configured");
    expect(failureOutcome(missing, { attempts: 2, maxAttempts: 10, channelId: null }, half)).toMatchObject({
      status: "pending", code: "not_configured", provider: "resend",
    });
  });

  it("retries an unexpected error (a database hiccup) as internal_error", () => {
    expect(failureOutcome(new Error("connection reset"), { attempts: 1, maxAttempts: 10, channelId: "c1" }, half)).toMatchObject({
      status: "pending", code: "internal_error", error: "connection reset", provider: null,
    });
  });
});

describe("refusedOutcome", () => {
  it("rejects without touching the channel", () => {
    expect(refusedOutcome("invalid_payload", "bad")).toEqual({ status: "rejected", code: "invalid_payload", error: "bad", provider: null, disableChannel: false });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-03-02T09:00:00Z");
  it.each<[string | null | undefined, number | undefined]>([
    ["120", 120],
    [" 3 ", 3],
    ["Mon, 02 Mar 2026 09:01:30 GMT", 90],
    ["Mon, 02 Mar 2026 08:59:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("%j → %j", (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});
