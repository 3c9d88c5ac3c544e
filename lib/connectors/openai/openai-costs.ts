/**
 * What OpenAI billed an organization, per UTC day and line item: the Costs endpoint of OpenAI's
 * organization Usage API, which OpenAI names as the figures that reconcile to the invoice (the
 * usage endpoints count tokens and may not match it).
 *
 * Verified in OpenAI's API reference (https://platform.openai.com/docs/api-reference/usage/costs)
 * and the official SDKs generated from it (openai-node `src/client.ts`, the openai-ruby and
 * openai-python admin models):
 * - `GET https://api.openai.com/v1/organization/costs`, with `Authorization: Bearer <key>`; the key
 *   must be an organization Admin key (sk-admin-…, made by an owner), not a project key.
 * - Query: `start_time` (Unix seconds, inclusive, required), `end_time` (Unix seconds, exclusive),
 *   `bucket_width` (only `1d`), `group_by` (array of `project_id`, `line_item`), `limit` (buckets per
 *   page, 1–180, default 7), `page` (the previous answer's `next_page`). Arrays go as `group_by[]=…`,
 *   as the SDKs send them (qs "brackets" format).
 * - Answer: `{ object: "page", data: [{ object: "bucket", start_time, end_time, results: [{ object:
 *   "organization.costs.result", amount: { value, currency }, line_item, project_id }] }], has_more,
 *   next_page }`. `value` is a JSON number in currency units (the reference's example: 0.06 USD);
 *   `currency` is lower-case ISO 4217 ("usd"); `line_item` is null unless grouped by it.
 * - Errors: `{ error: { message, type, param, code } }`, e.g. a wrong key is a 401 with code
 *   `invalid_api_key`.
 *
 * Runs under Node and Deno (the sync-connectors edge function): only fetch, zod, relative imports.
 */
import { z } from "zod";
import { add, decimalFromNumberLiteral, formatDecimal, type Decimal } from "../../core/money.ts";
import { parseRetryAfter } from "../../delivery/retry-after.ts";
import { ProviderError, type DailyCost, type DayWindow, type ProviderErrorKind, type ProviderOptions } from "../provider-costs.ts";

export const OPENAI_API_BASE = "https://api.openai.com/v1";

const PROVIDER = "openai";
const DAY_SECONDS = 86_400;
/** The most buckets OpenAI serves per page. */
const MAX_LIMIT = 180;
const DEFAULT_TIMEOUT_MS = 15_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const resultSchema = z.object({
  amount: z.object({ value: z.number(), currency: z.string().regex(/^[A-Za-z]{3}$/, "expected an ISO 4217 code") }),
  line_item: z.string().nullish(),
});
const bucketSchema = z.object({ start_time: z.number().int(), results: z.array(resultSchema) });
const pageSchema = z.object({ data: z.array(bucketSchema), has_more: z.boolean(), next_page: z.string().nullish() });
/** Every field optional: a proxy in front of OpenAI may answer instead. */
const errorBodySchema = z.object({ error: z.object({ message: z.string().optional(), code: z.string().nullish() }).optional() });

type Page = z.output<typeof pageSchema>;

/** Unix seconds of a day's UTC midnight; a RangeError for anything but a real `YYYY-MM-DD`. */
function dayStart(label: string, day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; reading the day back catches it.
  if (!DAY_PATTERN.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${label} must be a day like "2026-01-31", got ${JSON.stringify(day)}`);
  }
  return ms / 1000;
}

/** The same order under Node and Deno, whatever their locale data. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindOf(status: number): ProviderErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "rejected";
}

function adviceFor(kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined): string {
  switch (kind) {
    case "unauthorized":
      return `OpenAI refused the key (HTTP ${status}): it may be mistyped or revoked, or be a project key. `
        + "The Costs API needs an Admin key (sk-admin-…), which an organization owner creates under Organization settings → Admin keys.";
    case "forbidden":
      return `OpenAI denied access (HTTP ${status}): the Admin key must be allowed to read usage (api.usage.read).`;
    case "not_found":
      return `OpenAI has no Costs endpoint at this address (HTTP ${status}): check the API base URL.`;
    case "rate_limited":
      return `OpenAI is limiting requests from this organization (HTTP ${status}): try again ${retryAfterSeconds === undefined ? "in a minute" : `in ${retryAfterSeconds} s`}.`;
    case "unavailable":
      return `OpenAI failed on its side (HTTP ${status}): try again later.`;
    default:
      return `OpenAI refused the request (HTTP ${status}).`;
  }
}

function errorFromAnswer(what: string, response: Response, text: string): ProviderError {
  const status = response.status;
  const kind = kindOf(status);
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  let said: z.output<typeof errorBodySchema> = {};
  try {
    said = errorBodySchema.catch({}).parse(JSON.parse(text));
  } catch {
    // Not JSON (an HTML page from a proxy): nothing of OpenAI's own to quote.
  }
  const message = said.error?.message;
  const code = said.error?.code;
  const quoted = message ? ` OpenAI says: "${message}"${code ? ` (${code})` : ""}.` : "";
  return new ProviderError(PROVIDER, kind, `Could not ${what}. ${adviceFor(kind, status, retryAfterSeconds)}${quoted}`, { status, retryAfterSeconds });
}

function networkError(what: string, host: string, timeoutMs: number, error: unknown): ProviderError {
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  const message = timedOut
    ? `Could not ${what}: OpenAI (${host}) did not answer within ${timeoutMs / 1000} s. Try again later.`
    : `Could not ${what}: OpenAI (${host}) could not be reached (${reason}). Try again later.`;
  return new ProviderError(PROVIDER, "network", message, { cause: error });
}

function malformed(what: string, problem: string, cause?: unknown): ProviderError {
  return new ProviderError(PROVIDER, "malformed", `Could not ${what}: OpenAI's answer is not what its API documents (${problem}).`, { cause });
}

/**
 * OpenAI's costs for every UTC day in the window, one figure per day, line item and currency.
 * Results that share all three (e.g. one per project, should OpenAI split them) are summed exactly.
 */
export async function fetchOpenAICosts(credentials: { adminKey: string }, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  const from = dayStart("window.from", window.from);
  const to = dayStart("window.to", window.to);
  if (to <= from) throw new RangeError(`window.to (${window.to}) must come after window.from (${window.from})`);
  const days = (to - from) / DAY_SECONDS;
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = (options.baseUrl ?? OPENAI_API_BASE).replace(/\/+$/, "");
  const what = `fetch OpenAI's costs from ${window.from} up to ${window.to}`;

  async function fetchPage(cursor: string | undefined): Promise<Page> {
    const query = new URLSearchParams({ start_time: String(from), end_time: String(to), bucket_width: "1d", limit: String(Math.min(days, MAX_LIMIT)) });
    query.append("group_by[]", "line_item");
    if (cursor !== undefined) query.set("page", cursor);
    const url = new URL(`${base}/organization/costs?${query}`);
    let response: Response;
    let text: string;
    try {
      response = await send(url, {
        headers: { authorization: `Bearer ${credentials.adminKey}`, accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw networkError(what, url.host, timeoutMs, error);
    }
    if (!response.ok) throw errorFromAnswer(what, response, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw malformed(what, "not JSON", error);
    }
    const parsed = pageSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw malformed(what, `${issue.path.join(".") || "the body"}: ${issue.message}`, parsed.error);
    }
    return parsed.data;
  }

  const totals = new Map<string, { cost: Omit<DailyCost, "amount">; amount: Decimal }>();
  // Every page holds at least one daily bucket, so a window of n days takes at most n pages (one
  // more for a last, empty one); past that a server repeating has_more forever is assumed.
  const maxPages = days + 1;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { data, has_more, next_page } = await fetchPage(cursor);
    for (const bucket of data) {
      if (bucket.start_time % DAY_SECONDS !== 0) throw malformed(what, `a daily bucket starts at ${bucket.start_time}, not at a UTC midnight`);
      // Only the asked-for days count, whatever else the server sends.
      if (bucket.start_time < from || bucket.start_time >= to) continue;
      const day = new Date(bucket.start_time * 1000).toISOString().slice(0, 10);
      for (const result of bucket.results) {
        const cost = { day, line_item: result.line_item || "unspecified", currency: result.amount.currency.toUpperCase() };
        const key = JSON.stringify([cost.day, cost.line_item, cost.currency]);
        const amount = decimalFromNumberLiteral(result.amount.value);
        const seen = totals.get(key);
        totals.set(key, { cost, amount: seen ? add(seen.amount, amount) : amount });
      }
    }
    if (!has_more) {
      return [...totals.values()]
        .map(({ cost, amount }) => ({ ...cost, amount: formatDecimal(amount) }))
        .sort((a, b) => byCodePoint(a.day, b.day) || byCodePoint(a.line_item, b.line_item) || byCodePoint(a.currency, b.currency));
    }
    if (!next_page) throw malformed(what, "has_more is true but next_page is empty");
    cursor = next_page;
  }
  throw malformed(what, `it still had more after ${maxPages} pages for ${days} days; fetching stopped so as not to loop forever`);
}
