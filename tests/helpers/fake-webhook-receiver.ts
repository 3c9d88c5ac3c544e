/**
 * A customer's webhook endpoint on loopback: it checks every delivery's Standard Webhooks
 * signature with the `standardwebhooks` library (as a receiver would), answers 200 when it holds
 * and 400 when it does not, and can be told to answer otherwise (500, 429 with Retry-After,
 * 410 Gone, a redirect) for the next deliveries.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { FakeAnswer } from "./fake-resend.ts";

export type ReceivedWebhook = {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  raw: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** Whether the signature verified; `error` says why not. */
  verified: boolean;
  error?: string;
  /** The status it was answered with. */
  status: number;
};

export type FakeWebhookReceiver = {
  /** The endpoint to register, e.g. http://127.0.0.1:4567/hooks/spendguard. */
  url: string;
  /** The signing secret its channel must have ("whsec_" + base64). */
  secret: string;
  /** Every request received, oldest first. */
  received: ReceivedWebhook[];
  /** The next requests get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export async function startFakeWebhookReceiver(options: { secret?: string; path?: string } = {}): Promise<FakeWebhookReceiver> {
  const secret = options.secret ?? newWebhookSecret();
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const queued: FakeAnswer[] = [];

  const server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    let verified = false;
    let error: string | undefined;
    try {
      verifier.verify(raw, {
        "webhook-id": String(request.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
      });
      verified = true;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const answer = queued.shift() ?? (verified ? { status: 200, body: { received: true } } : { status: 400, body: { error } });
    received.push({ path: request.url ?? "/", headers: request.headers, raw, body, verified, error, status: answer.status });
    const text = typeof answer.body === "string";
    response.writeHead(answer.status, { "content-type": text ? "text/plain" : "application/json", ...answer.headers });
    response.end(text ? answer.body : JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${options.path ?? "/hooks/spendguard"}`,
    secret,
    received,
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((failure) => (failure ? reject(failure) : resolve()));
      server.closeAllConnections();
    }),
  };
}
