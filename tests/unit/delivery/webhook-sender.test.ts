/**
 * Signed webhooks against a receiver on loopback that verifies with the `standardwebhooks`
 * library, and the refusals that must happen before anything connects (resolver injected, so no
 * network is needed to see a hostname that resolves into a private network refused).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { DeliveryError } from "@/lib/delivery/errors.ts";
import { sendWebhook, type ResolveHost, type WebhookMessage } from "@/lib/delivery/webhook-sender.ts";
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from "../../helpers/fake-webhook-receiver.ts";

let receiver: FakeWebhookReceiver;
beforeAll(async () => {
  receiver = await startFakeWebhookReceiver();
});
afterAll(() => receiver.close());

const body = { type: "alert.fired", timestamp: "2026-03-02T09:15:00.000Z", data: { id: "a1", summary: "Ops budget at 82 %" } };
const message = (overrides: Partial<WebhookMessage> = {}): WebhookMessage => ({
  id: crypto.randomUUID(), url: receiver.url, secret: receiver.secret, body, ...overrides,
});
const local = { allowPrivate: true };

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => expect.fail("expected the send to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("delivery", () => {
  it("posts the JSON body with Standard Webhooks headers the receiver verifies", async () => {
    const sent = message();
    const before = Math.floor(Date.now() / 1000);
    const result = await sendWebhook(sent, local);
    const delivery = receiver.received.at(-1)!;
    expect(delivery).toMatchObject({ path: "/hooks/spendguard", verified: true, status: 200, body });
    expect(delivery.headers).toMatchObject({ "content-type": "application/json", "webhook-id": sent.id });
    expect(Number(delivery.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(before);
    expect(delivery.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(result).toEqual({ provider: "webhook", id: sent.id, status: 200, headers: expect.objectContaining({ "webhook-id": sent.id }), body: delivery.raw });
    // The signature is over exactly these bytes: a receiver with the secret accepts them.
    expect(() => new Webhook(receiver.secret).verify(delivery.raw, result.headers)).not.toThrow();
  });

  it("a receiver with another secret rejects the signature", async () => {
    const other = await startFakeWebhookReceiver();
    try {
      const error = await failure(sendWebhook(message({ url: other.url }), local));
      expect(other.received.at(-1)).toMatchObject({ verified: false, error: "No matching signature found" });
      expect(error).toMatchObject({ code: "http_400", status: 400, retryable: true });
    } finally {
      await other.close();
    }
  });

  type Expected = { code: string; status: number | null; retryable: boolean; permanent: boolean; retryAfterSeconds?: number };
  it.each<{ label: string; answer: { status: number; body: unknown; headers?: Record<string, string> }; expected: Expected }>([
    { label: "410 Gone: permanent", answer: { status: 410, body: "gone" }, expected: { code: "http_410", status: 410, retryable: false, permanent: true } },
    { label: "500: retryable", answer: { status: 500, body: "oops" }, expected: { code: "http_500", status: 500, retryable: true, permanent: false } },
    { label: "429 with Retry-After: retryable, after it", answer: { status: 429, body: "slow down", headers: { "retry-after": "120" } }, expected: { code: "http_429", status: 429, retryable: true, permanent: false, retryAfterSeconds: 120 } },
    { label: "404: retryable (a deploy in progress)", answer: { status: 404, body: "not found" }, expected: { code: "http_404", status: 404, retryable: true, permanent: false } },
  ])("$label", async ({ answer, expected }) => {
    receiver.answerNext(answer);
    const error = await failure(sendWebhook(message(), local));
    expect(error).toMatchObject({ channel: "webhook", provider: "webhook", retryAfterSeconds: undefined, ...expected });
  });

  it("does not follow a redirect", async () => {
    const elsewhere = await startFakeWebhookReceiver({ secret: receiver.secret });
    try {
      receiver.answerNext({ status: 307, body: "", headers: { location: elsewhere.url } });
      const error = await failure(sendWebhook(message(), local));
      expect(error).toMatchObject({ code: "http_307", retryable: true });
      expect(error.message).toContain(`a redirect to ${elsewhere.url}, which is not followed`);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("gives up on an endpoint that does not answer in time", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
      const started = Date.now();
      const error = await failure(sendWebhook(message({ url }), { allowPrivate: true, timeoutMs: 300 }));
      expect(error).toMatchObject({ code: "timeout", status: null, retryable: true, permanent: false });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("an endpoint that refuses connections is retryable", async () => {
    const closed = await startFakeWebhookReceiver();
    await closed.close();
    const error = await failure(sendWebhook(message({ url: closed.url }), local));
    expect(error).toMatchObject({ code: "network_error", status: null, retryable: true });
  });
});

describe("destinations refused before connecting (production: private addresses not allowed)", () => {
  const production = (resolveHost: ResolveHost) => ({ allowPrivate: false, resolveHost });
  const never: ResolveHost = () => expect.fail("the resolver must not be asked");

  it.each([
    ["a hostname resolving to a private address", ["10.1.2.3"], "10.1.2.3"],
    ["a hostname with one public and one loopback address", ["93.184.216.34", "127.0.0.1"], "127.0.0.1"],
    ["a hostname resolving to the metadata service", ["169.254.169.254"], "169.254.169.254"],
    ["a hostname resolving to an IPv4-mapped loopback", ["::ffff:127.0.0.1"], "::ffff:127.0.0.1"],
    ["a hostname resolving to a unique local IPv6 address", ["fd12:3456::1"], "fd12:3456::1"],
  ])("%s: permanent, nothing sent", async (_label, addresses, reported) => {
    const asked: string[] = [];
    const before = receiver.received.length;
    const error = await failure(sendWebhook(message({ url: "https://hooks.customer.example/spendguard" }), production(async (host) => {
      asked.push(host);
      return addresses;
    })));
    expect(asked).toEqual(["hooks.customer.example"]);
    expect(error).toMatchObject({ code: "private_address", retryable: false, permanent: true });
    expect(error.message).toContain(`resolves to ${reported}`);
    expect(receiver.received).toHaveLength(before);
  });

  it.each([
    ["plain http", "http://hooks.customer.example/x"],
    ["a literal loopback address", "https://127.0.0.1/x"],
    ["localhost", "https://localhost:8443/x"],
    ["credentials in the URL", "https://user:pass@hooks.customer.example/x"],
  ])("%s: refused as an invalid URL without resolving", async (_label, url) => {
    const error = await failure(sendWebhook(message({ url }), production(never)));
    expect(error).toMatchObject({ code: "invalid_url", retryable: false, permanent: true });
  });

  it("a name that does not resolve is retryable (DNS can be down)", async () => {
    const error = await failure(sendWebhook(message({ url: "https://hooks.customer.example/x" }), production(async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND hooks.customer.example"), { code: "ENOTFOUND" });
    })));
    expect(error).toMatchObject({ code: "dns_error", retryable: true, permanent: false });
  });

  it("the local stack may post to loopback", async () => {
    await expect(sendWebhook(message(), { allowPrivate: true, resolveHost: never })).resolves.toMatchObject({ status: 200 });
  });
});
