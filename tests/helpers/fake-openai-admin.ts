/**
 * A stand-in for OpenAI's organization Costs API on loopback (`…/v1`), for
 * lib/connectors/openai/openai-costs.ts to talk to. It answers `GET /v1/organization/costs` as the
 * API reference documents it (https://platform.openai.com/docs/api-reference/usage/costs):
 * - `start_time` (required) and `end_time` in Unix seconds, `bucket_width` (only `1d`), `group_by`
 *   (`group_by[]=…` or `group_by=…`; `line_item`, `project_id`), `limit` (1–180, default 7), `page`.
 * - One bucket per UTC day in [start_time, end_time), empty days included (`results: []`), each
 *   result `{ object: "organization.costs.result", amount: { value, currency }, line_item,
 *   project_id }` with the fields not grouped by left null and their costs summed.
 * - Paging by an opaque `next_page` cursor, as OpenAI does; unlike OpenAI the fake serves at most
 *   `pageSize` buckets a page (2 by default) so that tests cross pages with small windows.
 * Errors use OpenAI's `{ error: { message, type, param, code } }`. The 401 for a wrong key follows
 * OpenAI's `invalid_api_key` answer; the other texts are the fake's own, in the same shape.
 * Tests seed costs, queue answers (served after the key check) and read every request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { add, decimalFromNumberLiteral, formatDecimal, ZERO, type Decimal } from "../../lib/core/money.ts";
import type { FakeAnswer } from "./fake-resend.ts";

export type OpenAIAdminRequest = {
  method: string;
  /** The path below the origin, `/v1/…`. */
  path: string;
  /** The query as sent: `search.getAll("group_by[]")`, `search.get("page")`… */
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
};

export type FakeOpenAICost = {
  /** UTC `YYYY-MM-DD`. */
  day: string;
  line_item: string | null;
  /** In currency units, as OpenAI sends it: a JSON number. */
  amount: number;
  /** Lower case, as OpenAI sends it. */
  currency: string;
  project_id: string | null;
};

export type FakeOpenAIAdmin = {
  /** The base URL to give the client: `http://127.0.0.1:<port>/v1`. */
  url: string;
  adminKey: string;
  costs: FakeOpenAICost[];
  /** Every request received, oldest first. */
  requests: OpenAIAdminRequest[];
  addCost(cost: { day: string; line_item?: string | null; amount: number; currency?: string; project_id?: string | null }): void;
  /** The next requests with the right key get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

export function openaiError(status: number, message: string, type: string, code: string | null, options: { param?: string; headers?: Record<string, string> } = {}): FakeAnswer {
  return { status, body: { error: { message, type, param: options.param ?? null, code } }, headers: options.headers };
}

export const openaiErrors = {
  forbidden: () => openaiError(403, "You have insufficient permissions for this operation. Missing scopes: api.usage.read.", "invalid_request_error", null),
  rateLimited: (retryAfterSeconds?: number) =>
    openaiError(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded", {
      headers: retryAfterSeconds === undefined ? undefined : { "retry-after": String(retryAfterSeconds) },
    }),
  internal: () => openaiError(500, "The server had an error while processing your request.", "server_error", null),
};

const DAY_SECONDS = 86_400;
const MAX_LIMIT = 180;
const GROUPS = new Set(["line_item", "project_id"]);

const invalid = (param: string, message: string) => openaiError(400, message, "invalid_request_error", null, { param });
const seconds = (text: string | null) => (text !== null && /^\d+$/.test(text) ? Number(text) : null);
const dayOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** Opaque to the client, like OpenAI's; it carries the start of the next bucket. */
const encodeCursor = (start: number) => `page_${Buffer.from(String(start)).toString("base64")}`;
function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith("page_")) return null;
  return seconds(Buffer.from(cursor.slice(5), "base64").toString());
}

/** `port`: a fixed one, for a stack whose functions were told the fake's URL before it started (0: any free port). */
export async function startFakeOpenAIAdmin(options: { adminKey?: string; pageSize?: number; port?: number } = {}): Promise<FakeOpenAIAdmin> {
  const adminKey = options.adminKey ?? `sk-admin-${randomBytes(18).toString("hex")}`;
  const pageSize = options.pageSize ?? 2;
  const costs: FakeOpenAICost[] = [];
  const requests: OpenAIAdminRequest[] = [];
  const queued: FakeAnswer[] = [];

  function results(day: string, groups: Set<string>) {
    const totals = new Map<string, { line_item: string | null; project_id: string | null; currency: string; value: Decimal }>();
    for (const cost of costs.filter((entry) => entry.day === day)) {
      const line_item = groups.has("line_item") ? cost.line_item : null;
      const project_id = groups.has("project_id") ? cost.project_id : null;
      const key = JSON.stringify([line_item, project_id, cost.currency]);
      const total = totals.get(key) ?? { line_item, project_id, currency: cost.currency, value: ZERO };
      total.value = add(total.value, decimalFromNumberLiteral(cost.amount));
      totals.set(key, total);
    }
    return [...totals.values()].map((total) => ({
      object: "organization.costs.result",
      amount: { value: Number(formatDecimal(total.value)), currency: total.currency },
      line_item: total.line_item,
      project_id: total.project_id,
    }));
  }

  function listCosts(search: URLSearchParams): FakeAnswer {
    const start = seconds(search.get("start_time"));
    if (start === null) return invalid("start_time", "start_time is required and must be Unix seconds.");
    const end = search.has("end_time") ? seconds(search.get("end_time")) : Math.floor(Date.now() / 1000);
    if (end === null) return invalid("end_time", "end_time must be Unix seconds.");
    if ((search.get("bucket_width") ?? "1d") !== "1d") return invalid("bucket_width", "Only bucket_width=1d is supported.");
    const limit = search.has("limit") ? seconds(search.get("limit")) : 7;
    if (limit === null || limit < 1 || limit > MAX_LIMIT) return invalid("limit", `limit must be between 1 and ${MAX_LIMIT}.`);
    const groups = new Set([...search.getAll("group_by[]"), ...search.getAll("group_by")]);
    for (const group of groups) if (!GROUPS.has(group)) return invalid("group_by", `Invalid group_by value: ${group}.`);
    const page = search.get("page");
    const first = page === null ? start - (start % DAY_SECONDS) : decodeCursor(page);
    if (first === null) return invalid("page", "Invalid page cursor.");

    const data = [];
    let next = first;
    while (next < end && data.length < Math.min(limit, pageSize)) {
      data.push({ object: "bucket", start_time: next, end_time: next + DAY_SECONDS, results: results(dayOf(next), groups) });
      next += DAY_SECONDS;
    }
    const hasMore = next < end;
    return { status: 200, body: { object: "page", data, has_more: hasMore, next_page: hasMore ? encodeCursor(next) : null } };
  }

  function answer(method: string, path: string, search: URLSearchParams, headers: IncomingHttpHeaders): FakeAnswer {
    const authorization = headers.authorization;
    if (authorization === undefined) {
      return openaiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null);
    }
    if (authorization !== `Bearer ${adminKey}`) {
      const given = authorization.replace(/^Bearer\s+/i, "");
      return openaiError(401, `Incorrect API key provided: ${given.slice(0, 8)}****${given.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", "invalid_api_key");
    }
    const queuedAnswer = queued.shift();
    if (queuedAnswer) return queuedAnswer;
    if (method === "GET" && path === "/v1/organization/costs") return listCosts(search);
    return openaiError(404, `Invalid URL (${method} ${path})`, "invalid_request_error", null);
  }

  const server = createServer((request, response) => {
    request.resume(); // GETs carry no body; whatever came is drained unread.
    const url = new URL(request.url ?? "/", "http://fake-openai");
    const method = request.method ?? "";
    requests.push({ method, path: url.pathname, search: url.searchParams, headers: request.headers });
    const reply = answer(method, url.pathname, url.searchParams, request.headers);
    // A string body goes out as is, like an error page from a proxy in front of the API.
    const text = typeof reply.body === "string";
    response.writeHead(reply.status, { "content-type": text ? "text/html" : "application/json", ...reply.headers });
    response.end(text ? reply.body : JSON.stringify(reply.body));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    adminKey,
    costs,
    requests,
    addCost: (cost) => void costs.push({
      day: cost.day, line_item: cost.line_item ?? null, amount: cost.amount, currency: cost.currency ?? "usd", project_id: cost.project_id ?? null,
    }),
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
