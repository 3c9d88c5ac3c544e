/**
 * A stand-in for Resend's HTTP API on loopback, for the official `resend` SDK to talk to
 * (RESEND_BASE_URL / `baseUrl`). It answers `POST /emails` as Resend documents: `{ id }` on
 * success, `{ statusCode, name, message }` on error, a 401 without a bearer key, and idempotency
 * keys honoured (a repeated key with the same body gets the first answer, with another body a 409).
 * Tests can queue error answers and read every request it received.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** performance.now() when the request began to arrive (bench/alerts measures delivery latency with it). */
  receivedAt: number;
};

/** A string body is sent as it is (not JSON), like an error page from a proxy. */
export type FakeAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type FakeResend = {
  /** The origin to give the SDK as its base URL. */
  url: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Emails accepted for delivery (an idempotent replay adds none). */
  sent: { id: string; body: unknown }[];
  /** The next requests get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

/** Resend's error body. Some answers carry no `statusCode` in the body; `omitStatusCode` imitates them. */
export function resendError(
  status: number,
  name: string,
  message: string,
  options: { headers?: Record<string, string>; omitStatusCode?: boolean } = {},
): FakeAnswer {
  const body = options.omitStatusCode ? { name, message } : { statusCode: status, name, message };
  return { status, body, headers: options.headers };
}

export const resendErrors = {
  validation: (message = "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.") =>
    resendError(422, "validation_error", message),
  rateLimited: (retryAfterSeconds = 1) =>
    resendError(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.", {
      headers: { "retry-after": String(retryAfterSeconds) },
    }),
  internal: () => resendError(500, "internal_server_error", "An unexpected error occurred."),
};

export async function startFakeResend(): Promise<FakeResend> {
  const requests: RecordedRequest[] = [];
  const sent: FakeResend["sent"] = [];
  const queued: FakeAnswer[] = [];
  const byIdempotencyKey = new Map<string, { body: string; answer: FakeAnswer }>();

  function answerEmail(headers: IncomingHttpHeaders, raw: string, body: unknown): FakeAnswer {
    if (!/^Bearer \S+$/.test(headers.authorization ?? "")) return resendError(401, "missing_api_key", "Missing API key in the authorization header.");
    const header = headers["idempotency-key"];
    const key = Array.isArray(header) ? header[0] : header;
    if (key) {
      const earlier = byIdempotencyKey.get(key);
      if (earlier && earlier.body !== raw) {
        return resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      if (earlier) return earlier.answer;
    }
    const answer = queued.shift() ?? (() => {
      const id = randomUUID();
      sent.push({ id, body });
      return { status: 200, body: { id } };
    })();
    // Resend remembers a key only once the request succeeded; a failed attempt may be retried with it.
    if (key && answer.status < 300) byIdempotencyKey.set(key, { body: raw, answer });
    return answer;
  }

  const server = createServer(async (request, response) => {
    const receivedAt = performance.now();
    let raw = "";
    for await (const chunk of request) raw += chunk;
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // Kept as text: the test sees exactly what arrived.
    }
    const path = request.url ?? "/";
    requests.push({ method: request.method ?? "", path, headers: request.headers, body, receivedAt });

    const answer = path === "/emails" && request.method === "POST"
      ? answerEmail(request.headers, raw, body)
      : resendError(404, "not_found", "The requested endpoint does not exist.");
    // A string body goes out as is, like an HTML error page from a proxy in front of the API.
    const text = typeof answer.body === "string";
    response.writeHead(answer.status, { "content-type": text ? "text/html" : "application/json", ...answer.headers });
    response.end(text ? answer.body : JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
