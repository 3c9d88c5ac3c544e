/**
 * A stand-in for Anthropic's Admin API cost report on loopback (`…/v1`), for
 * lib/connectors/anthropic/anthropic-costs.ts to talk to. It answers
 * `GET /v1/organizations/cost_report` as the API reference documents it
 * (https://platform.claude.com/docs/en/api/admin/cost_report):
 * - `starting_at` (required) and `ending_at` in RFC 3339, `bucket_width` (only `1d`), `group_by[]`
 *   (`description`, `workspace_id`), `limit` (1–31, default 7), `page`.
 * - One bucket per UTC day, from starting_at snapped to its day, for buckets that end no later
 *   than ending_at (the reference says "end before"; a bucket ending exactly at it is served, the
 *   reading under which a window's last day is reachable at all). Empty days are included.
 * - Results `{ amount, currency, description, model, cost_type, token_type, context_window,
 *   service_tier, workspace_id }`: amounts are decimal strings in cents, summed per group; the
 *   fields that come from a description are null unless grouped by it, as Anthropic documents.
 * - Paging by `next_page` cursors shaped like the reference's example ("page_" and the next
 *   bucket's start in base64); unlike Anthropic the fake serves at most `pageSize` buckets a page
 *   (2 by default) so that tests cross pages with small windows.
 * Errors use Anthropic's `{ type: "error", error: { type, message }, request_id }`. A wrong
 * `x-api-key` gets the 401 authentication_error ("invalid x-api-key"); a missing
 * `anthropic-version` a 400. Texts other than the 401's are the fake's own, in the same shape.
 * Tests seed costs, queue answers (served after the header checks) and read every request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { sumDecimalStrings } from "../../lib/core/money.ts";
import type { FakeAnswer } from "./fake-resend.ts";

export type AnthropicAdminRequest = {
  method: string;
  /** The path below the origin, `/v1/…`. */
  path: string;
  /** The query as sent: `search.getAll("group_by[]")`, `search.get("page")`… */
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
};

export type FakeAnthropicCost = {
  /** UTC `YYYY-MM-DD`. */
  day: string;
  /** In the currency's lowest unit (cents), as a decimal string, as Anthropic sends it. */
  amount: string;
  currency: string;
  description: string | null;
  model: string | null;
  cost_type: string | null;
  token_type: string | null;
  context_window: string | null;
  service_tier: string | null;
  workspace_id: string | null;
};

export type FakeAnthropicAdmin = {
  /** The base URL to give the client: `http://127.0.0.1:<port>/v1`. */
  url: string;
  adminKey: string;
  costs: FakeAnthropicCost[];
  /** Every request received, oldest first. */
  requests: AnthropicAdminRequest[];
  /** Unset fields are null, `currency` USD. */
  addCost(cost: Partial<FakeAnthropicCost> & { day: string; amount: string }): void;
  /** The next requests with the right headers get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

export function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): FakeAnswer {
  return { status, body: { type: "error", error: { type, message }, request_id: `req_${randomBytes(12).toString("hex")}` }, headers };
}

export const anthropicErrors = {
  forbidden: () => anthropicError(403, "permission_error", "Your API key does not have permission to use the specified resource."),
  rateLimited: (retryAfterSeconds?: number) =>
    anthropicError(429, "rate_limit_error", "Rate limit exceeded.", retryAfterSeconds === undefined ? undefined : { "retry-after": String(retryAfterSeconds) }),
  internal: () => anthropicError(500, "api_error", "Internal server error"),
  overloaded: () => anthropicError(529, "overloaded_error", "Overloaded"),
};

const DAY_MS = 86_400_000;
const MAX_LIMIT = 31;
const GROUPS = new Set(["description", "workspace_id"]);
/** What a result carries only when grouped by description. */
const DESCRIBED = ["description", "model", "cost_type", "token_type", "context_window", "service_tier"] as const;

const invalid = (message: string) => anthropicError(400, "invalid_request_error", message);
/** Anthropic writes bucket bounds without milliseconds: `2025-08-01T00:00:00Z`. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const timestamp = (text: string | null) => (text === null || Number.isNaN(Date.parse(text)) ? null : Date.parse(text));

const encodeCursor = (start: number) => `page_${Buffer.from(rfc3339(start)).toString("base64")}`;
function decodeCursor(cursor: string): number | null {
  return cursor.startsWith("page_") ? timestamp(Buffer.from(cursor.slice(5), "base64").toString()) : null;
}

/** `port`: a fixed one, for a stack whose functions were told the fake's URL before it started (0: any free port). */
export async function startFakeAnthropicAdmin(options: { adminKey?: string; pageSize?: number; port?: number } = {}): Promise<FakeAnthropicAdmin> {
  const adminKey = options.adminKey ?? `sk-ant-admin01-${randomBytes(18).toString("hex")}`;
  const pageSize = options.pageSize ?? 2;
  const costs: FakeAnthropicCost[] = [];
  const requests: AnthropicAdminRequest[] = [];
  const queued: FakeAnswer[] = [];

  function results(day: string, groups: Set<string>) {
    const byGroup = new Map<string, FakeAnthropicCost[]>();
    for (const cost of costs.filter((entry) => entry.day === day)) {
      const key = JSON.stringify([groups.has("description") && cost.description, groups.has("workspace_id") && cost.workspace_id, cost.currency]);
      byGroup.set(key, [...(byGroup.get(key) ?? []), cost]);
    }
    return [...byGroup.values()].map((group) => {
      const [first] = group;
      const described = Object.fromEntries(DESCRIBED.map((field) => [field, groups.has("description") ? first[field] : null]));
      return {
        amount: sumDecimalStrings(group.map((cost) => cost.amount)),
        currency: first.currency,
        ...described,
        workspace_id: groups.has("workspace_id") ? first.workspace_id : null,
      };
    });
  }

  function costReport(search: URLSearchParams): FakeAnswer {
    const start = timestamp(search.get("starting_at"));
    if (start === null) return invalid("starting_at: must be an RFC 3339 timestamp");
    const end = search.has("ending_at") ? timestamp(search.get("ending_at")) : Date.now();
    if (end === null) return invalid("ending_at: must be an RFC 3339 timestamp");
    if ((search.get("bucket_width") ?? "1d") !== "1d") return invalid("bucket_width: only 1d is supported");
    const limit = search.has("limit") ? Number(search.get("limit")) : 7;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return invalid(`limit: must be between 1 and ${MAX_LIMIT}`);
    const groups = new Set(search.getAll("group_by[]"));
    for (const group of groups) if (!GROUPS.has(group)) return invalid(`group_by[]: invalid value ${group}`);
    const page = search.get("page");
    const first = page === null ? start - (start % DAY_MS) : decodeCursor(page);
    if (first === null) return invalid("page: invalid cursor");

    const data = [];
    let next = first;
    while (next + DAY_MS <= end && data.length < Math.min(limit, pageSize)) {
      data.push({ starting_at: rfc3339(next), ending_at: rfc3339(next + DAY_MS), results: results(rfc3339(next).slice(0, 10), groups) });
      next += DAY_MS;
    }
    const hasMore = next + DAY_MS <= end;
    return { status: 200, body: { data, has_more: hasMore, next_page: hasMore ? encodeCursor(next) : null } };
  }

  function answer(method: string, path: string, search: URLSearchParams, headers: IncomingHttpHeaders): FakeAnswer {
    if (headers["x-api-key"] !== adminKey) return anthropicError(401, "authentication_error", "invalid x-api-key");
    if (headers["anthropic-version"] === undefined) return invalid("anthropic-version: header is required");
    const queuedAnswer = queued.shift();
    if (queuedAnswer) return queuedAnswer;
    if (method === "GET" && path === "/v1/organizations/cost_report") return costReport(search);
    return anthropicError(404, "not_found_error", `Not found: ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    request.resume(); // GETs carry no body; whatever came is drained unread.
    const url = new URL(request.url ?? "/", "http://fake-anthropic");
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
      currency: "USD", description: null, model: null, cost_type: null, token_type: null, context_window: null, service_tier: null, workspace_id: null,
      ...cost,
    }),
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
