/**
 * Webhooks signed per the Standard Webhooks spec (https://www.standardwebhooks.com) with its
 * reference library: `webhook-id` (the notification id, so receivers can drop a redelivery),
 * `webhook-timestamp` and `webhook-signature` (v1, HMAC-SHA256 of "id.timestamp.body" under the
 * channel's whsec_ secret).
 *
 * The URL is a customer's, so our servers must not be made to call into their own network: the
 * hostname is resolved first and refused if any address is private, loopback or link-local (unless
 * private URLs are allowed, on the local stack and in tests). Redirects are never followed (a
 * redirect could point anywhere), and one request gets SEND_TIMEOUT_MS. The connection resolves the
 * name again, so a DNS answer that changes between the check and the connection is not caught;
 * fetch offers no portable way to pin the address.
 */
import { lookup } from "node:dns/promises";
import { Webhook } from "standardwebhooks";
import { isPrivateAddress, parseWebhookUrl } from "../core/alerts/destinations.ts";
import { DeliveryError } from "./errors.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { SEND_TIMEOUT_MS } from "./send-timeout.ts";

export type WebhookMessage = {
  /** The notification id: the `webhook-id` header. */
  id: string;
  url: string;
  /** The channel's Standard Webhooks secret, "whsec_" + base64. */
  secret: string;
  /** The JSON body, `{ type, timestamp, data }` as rendered. */
  body: unknown;
};

/** Exactly what went out, for the local outbox's copy. */
export type SentWebhook = {
  provider: "webhook";
  id: string;
  status: number;
  headers: Record<string, string>;
  body: string;
};

/** A hostname's addresses; a parameter so a test can answer without the network. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export type WebhookOptions = { allowPrivate: boolean; resolveHost?: ResolveHost; timeoutMs?: number };

const resolveWithSystem: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

function failure(message: string, code: string, details: { status?: number | null; retryable: boolean; permanent?: boolean; retryAfterSeconds?: number }, cause?: unknown) {
  return new DeliveryError(message, { channel: "webhook", provider: "webhook", code, ...details, status: details.status ?? null }, { cause });
}

/** Refuses a URL that is malformed or leads into a private network, before anything connects. */
async function checkDestination(rawUrl: string, options: WebhookOptions): Promise<URL> {
  const parsed = parseWebhookUrl(rawUrl, { allowPrivate: options.allowPrivate });
  if (!parsed.ok) throw failure(`The webhook URL is refused: ${parsed.message}`, "invalid_url", { retryable: false, permanent: true });
  const url = new URL(parsed.value);
  if (options.allowPrivate) return url;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: string[];
  try {
    addresses = await (options.resolveHost ?? resolveWithSystem)(host);
  } catch (error) {
    throw failure(`Could not resolve ${host}: ${error instanceof Error ? error.message : String(error)}`, "dns_error", { retryable: true }, error);
  }
  if (addresses.length === 0) throw failure(`Could not resolve ${host}: no addresses`, "dns_error", { retryable: true });
  const inside = addresses.find((address) => isPrivateAddress(address));
  if (inside !== undefined) {
    throw failure(`The webhook URL is refused: ${host} resolves to ${inside}, a private, loopback or link-local address`, "private_address", {
      retryable: false, permanent: true,
    });
  }
  return url;
}

export async function sendWebhook(message: WebhookMessage, options: WebhookOptions): Promise<SentWebhook> {
  const url = await checkDestination(message.url, options);
  const body = JSON.stringify(message.body);
  const timestamp = new Date();
  const headers = {
    "content-type": "application/json",
    "user-agent": "Spendguard-Webhooks/1.0",
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(message.secret).sign(message.id, timestamp, body),
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw failure(
      timedOut ? `The webhook endpoint did not answer within ${(options.timeoutMs ?? SEND_TIMEOUT_MS) / 1000} s` : `Could not reach the webhook endpoint: ${reason}`,
      timedOut ? "timeout" : "network_error",
      { retryable: true },
      error,
    );
  }
  // The answer's body says nothing we act on; not reading it keeps a huge one from costing us.
  await response.body?.cancel();
  const { status } = response;
  if (status >= 200 && status < 300) return { provider: "webhook", id: message.id, status, headers, body };
  if (status === 410) {
    throw failure("The webhook endpoint answered 410 Gone: it no longer accepts deliveries", "http_410", { status, retryable: false, permanent: true });
  }
  const redirect = status >= 300 && status < 400 ? ` (a redirect${response.headers.get("location") ? ` to ${response.headers.get("location")}` : ""}, which is not followed)` : "";
  throw failure(`The webhook endpoint answered HTTP ${status}${redirect}`, `http_${status}`, {
    status, retryable: true, retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
  });
}
