/**
 * What Anthropic billed an organization, per UTC day and line item: the cost report of Anthropic's
 * Admin API (Usage & Cost API).
 *
 * Verified in Anthropic's API reference (https://platform.claude.com/docs/en/api/admin/cost_report,
 * https://platform.claude.com/docs/en/api/admin-api/usage-cost/get-cost-report) and errors page
 * (https://platform.claude.com/docs/en/api/errors):
 * - `GET https://api.anthropic.com/v1/organizations/cost_report`, with headers `x-api-key: <Admin
 *   API key>` (sk-ant-admin…, which only organization admins can create; an ordinary key is refused)
 *   and `anthropic-version: 2023-06-01`.
 * - Query: `starting_at` (RFC 3339, required; buckets starting at or after it, snapped to the UTC
 *   day), `ending_at` (RFC 3339; buckets ending before it), `bucket_width` (only `1d`), `group_by[]`
 *   (`workspace_id`, `description`), `limit` (buckets per page, 1–31, default 7), `page` (the
 *   previous answer's `next_page`). `ending_at` is sent as the window's end, where its last day's
 *   bucket ends (the bucket's own `ending_at` is documented as exclusive); buckets outside the
 *   window are dropped here whatever the server sends.
 * - Answer: `{ data: [{ starting_at, ending_at, results: [{ amount, currency, description, model,
 *   cost_type, token_type, context_window, service_tier, workspace_id, … }] }], has_more, next_page }`.
 *   `amount` is a decimal STRING in the currency's lowest unit: "123.45" USD is $1.2345 — cents,
 *   converted here by moving the decimal point. `currency` is "currently always USD". `model` is
 *   null for non-token costs (web search, code execution); `description`, `cost_type` and `model`
 *   are null unless grouped by description.
 * - Errors: `{ type: "error", error: { type, message }, request_id }`, e.g. 401 authentication_error,
 *   403 permission_error, 429 rate_limit_error (with retry-after), 529 overloaded_error.
 *
 * Runs under Node and Deno (the sync-connectors edge function): only fetch, zod, relative imports.
 */
import { z } from "zod";
import { add, decimalStringSchema, formatDecimal, parseDecimal, scaleByPowerOfTen, type Decimal } from "../../core/money.ts";
import { parseRetryAfter } from "../../delivery/retry-after.ts";
import { ProviderError, type DailyCost, type DayWindow, type ProviderErrorKind, type ProviderOptions } from "../provider-costs.ts";

export const ANTHROPIC_API_BASE = "https://api.anthropic.com/v1";
/** The API version the cost report is documented under. */
const ANTHROPIC_VERSION = "2023-06-01";

const PROVIDER = "anthropic";
const DAY_MS = 86_400_000;
/** The most daily buckets Anthropic serves per page. */
const MAX_LIMIT = 31;
const DEFAULT_TIMEOUT_MS = 15_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Digits after the decimal point of each currency's lowest unit (ISO 4217), to turn amounts into
 * currency units. Anthropic reports only USD today; any other currency stops the sync rather than
 * be guessed at.
 */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = { USD: 2 };

const resultSchema = z.object({
  amount: decimalStringSchema,
  currency: z.string(),
  description: z.string().nullish(),
  model: z.string().nullish(),
  cost_type: z.string().nullish(),
});
const bucketSchema = z.object({ starting_at: z.string(), results: z.array(resultSchema) });
const reportSchema = z.object({ data: z.array(bucketSchema), has_more: z.boolean(), next_page: z.string().nullish() });
/** Every field optional: a proxy in front of Anthropic may answer instead. */
const errorBodySchema = z.object({ error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional() });

type Report = z.output<typeof reportSchema>;

/** Milliseconds of a day's UTC midnight; a RangeError for anything but a real `YYYY-MM-DD`. */
function dayStart(label: string, day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; reading the day back catches it.
  if (!DAY_PATTERN.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${label} must be a day like "2026-01-31", got ${JSON.stringify(day)}`);
  }
  return ms;
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
  // 529 (overloaded) included.
  if (status >= 500) return "unavailable";
  return "rejected";
}

function adviceFor(kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined): string {
  switch (kind) {
    case "unauthorized":
      return `Anthropic refused the key (HTTP ${status}): it may be mistyped, revoked or expired, or be an ordinary API key. `
        + "The cost report needs an Admin API key (sk-ant-admin…), which an organization admin creates in the Claude Console (Settings → Admin keys).";
    case "forbidden":
      return `Anthropic denied access (HTTP ${status}): the key may not read this organization's cost report.`;
    case "not_found":
      return `Anthropic has no cost report at this address (HTTP ${status}): check the API base URL.`;
    case "rate_limited":
      return `Anthropic is limiting requests from this organization (HTTP ${status}): try again ${retryAfterSeconds === undefined ? "in a minute" : `in ${retryAfterSeconds} s`}.`;
    case "unavailable":
      return `Anthropic failed or is overloaded on its side (HTTP ${status}): try again later.`;
    default:
      return `Anthropic refused the request (HTTP ${status}).`;
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
    // Not JSON (an HTML page from a proxy): nothing of Anthropic's own to quote.
  }
  const message = said.error?.message;
  const type = said.error?.type;
  const quoted = message ? ` Anthropic says: "${message}"${type ? ` (${type})` : ""}.` : "";
  return new ProviderError(PROVIDER, kind, `Could not ${what}. ${adviceFor(kind, status, retryAfterSeconds)}${quoted}`, { status, retryAfterSeconds });
}

function networkError(what: string, host: string, timeoutMs: number, error: unknown): ProviderError {
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  const message = timedOut
    ? `Could not ${what}: Anthropic (${host}) did not answer within ${timeoutMs / 1000} s. Try again later.`
    : `Could not ${what}: Anthropic (${host}) could not be reached (${reason}). Try again later.`;
  return new ProviderError(PROVIDER, "network", message, { cause: error });
}

function malformed(what: string, problem: string, cause?: unknown): ProviderError {
  return new ProviderError(PROVIDER, "malformed", `Could not ${what}: Anthropic's answer is not what its API documents (${problem}).`, { cause });
}

/**
 * Anthropic's costs for every UTC day in the window, one figure per day, line item and currency.
 * The line item is the model for token costs (its input, output and cache lines summed exactly),
 * else the description (e.g. web search), else the cost type.
 */
export async function fetchAnthropicCosts(credentials: { adminKey: string }, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  const from = dayStart("window.from", window.from);
  const to = dayStart("window.to", window.to);
  if (to <= from) throw new RangeError(`window.to (${window.to}) must come after window.from (${window.from})`);
  const days = (to - from) / DAY_MS;
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = (options.baseUrl ?? ANTHROPIC_API_BASE).replace(/\/+$/, "");
  const what = `fetch Anthropic's costs from ${window.from} up to ${window.to}`;

  async function fetchPage(cursor: string | undefined): Promise<Report> {
    const query = new URLSearchParams({
      starting_at: `${window.from}T00:00:00Z`,
      ending_at: `${window.to}T00:00:00Z`,
      bucket_width: "1d",
      limit: String(Math.min(days, MAX_LIMIT)),
    });
    // Without it the results carry no model or description, only a daily total.
    query.append("group_by[]", "description");
    if (cursor !== undefined) query.set("page", cursor);
    const url = new URL(`${base}/organizations/cost_report?${query}`);
    let response: Response;
    let text: string;
    try {
      response = await send(url, {
        headers: { "x-api-key": credentials.adminKey, "anthropic-version": ANTHROPIC_VERSION, accept: "application/json" },
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
    const parsed = reportSchema.safeParse(body);
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
      const start = Date.parse(bucket.starting_at);
      if (Number.isNaN(start) || start % DAY_MS !== 0) throw malformed(what, `a daily bucket starts at ${JSON.stringify(bucket.starting_at)}, not at a UTC midnight`);
      // Only the asked-for days count, whatever else the server sends.
      if (start < from || start >= to) continue;
      const day = new Date(start).toISOString().slice(0, 10);
      for (const result of bucket.results) {
        const currency = result.currency.toUpperCase();
        const digits = MINOR_UNIT_DIGITS[currency];
        if (digits === undefined) throw malformed(what, `it reported an amount in ${JSON.stringify(result.currency)}, whose lowest unit Spendguard does not know`);
        const cost = { day, line_item: result.model || result.description || result.cost_type || "unspecified", currency };
        const key = JSON.stringify([cost.day, cost.line_item, cost.currency]);
        const amount = scaleByPowerOfTen(parseDecimal(result.amount), -digits);
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
