/**
 * The one way a message can fail to leave the app, typed so callers decide what happens next:
 * the dispatcher retries with backoff, gives up (dead), or rejects the destination for good and
 * disables its channel; the invitation path logs it.
 */

export type Channel = "email" | "sms" | "webhook";

/** Who was asked to deliver: a real provider, the endpoint itself, or the local stack's outbox. */
export type DeliveryProvider = "resend" | "twilio" | "webhook" | "local-outbox";

type DeliveryErrorDetails = {
  channel: Channel;
  provider: DeliveryProvider;
  /** The provider's own error name or code (`rate_limit_exceeded`, `21610`, `http_500`…), or ours (`not_configured`). */
  code: string;
  /** HTTP status from the provider; null when no response arrived. */
  status: number | null;
  /** True when the same request may succeed later by itself (rate limit, outage, network). */
  retryable: boolean;
  /**
   * The destination itself was refused and no retry can help: an invalid or unsubscribed number,
   * an address the provider will not send to, a webhook endpoint that answered 410 Gone.
   * A refusal that is the deployment's fault (a wrong API key) is neither retryable nor permanent.
   */
  permanent?: boolean;
  /** The provider's Retry-After, when it gave one. */
  retryAfterSeconds?: number;
};

export class DeliveryError extends Error {
  override readonly name: string = "DeliveryError";
  readonly channel: Channel;
  readonly provider: DeliveryProvider;
  readonly code: string;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly permanent: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: DeliveryErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.channel = details.channel;
    this.provider = details.provider;
    this.code = details.code;
    this.status = details.status;
    this.retryable = details.retryable;
    this.permanent = details.permanent ?? false;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/**
 * No way to deliver on this channel is configured: a deployment mistake, refused loudly rather
 * than dropping the message. The dispatcher keeps retrying it, so setting the variable later
 * delivers what waited.
 */
export class ChannelNotConfiguredError extends DeliveryError {
  override readonly name = "ChannelNotConfiguredError";
  /** The environment variable that would fix it. */
  readonly variable: string;

  constructor(channel: Channel, provider: DeliveryProvider, variable: string, message: string) {
    super(message, { channel, provider, code: "not_configured", status: null, retryable: false });
    this.variable = variable;
  }
}
