/** The ways a notification can fail to leave the app, typed so the dispatcher can decide what to do next. */

export type EmailProvider = "resend" | "local-outbox";

type EmailDeliveryErrorDetails = {
  provider: EmailProvider;
  /** Resend's error name (`validation_error`, `rate_limit_exceeded`…); the local outbox uses the same names. */
  code: string;
  /** HTTP status from the provider; null when no response arrived. */
  status: number | null;
  /** True when the same message may succeed later (rate limit, provider outage, network). */
  retryable: boolean;
  /** The provider's Retry-After, when it gave one. */
  retryAfterSeconds?: number;
};

export class EmailDeliveryError extends Error {
  override readonly name = "EmailDeliveryError";
  readonly provider: EmailProvider;
  readonly code: string;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: EmailDeliveryErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.provider = details.provider;
    this.code = details.code;
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** No way to deliver on this channel is configured: a deployment mistake, never worth retrying. */
export class ChannelNotConfiguredError extends Error {
  override readonly name = "ChannelNotConfiguredError";
  readonly channel: "email";
  /** The environment variable that would fix it. */
  readonly variable: string;

  constructor(channel: "email", variable: string, message: string) {
    super(message);
    this.channel = channel;
    this.variable = variable;
  }
}
