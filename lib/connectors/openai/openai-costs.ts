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
 * Runs under Node and Deno (the sync-connectors edge function); the HTTP plumbing is
 * provider-http.ts, shared with the Anthropic connector.
 */
import { z } from "zod";
import { decimalFromNumberLiteral } from "../../core/money.ts";
import type { DailyCost, DayWindow, ProviderErrorKind, ProviderOptions } from "../provider-costs.ts";
import { DailyCostTotals, dayWindowMs, eachPage, getJson, malformedError, type ProviderCall } from "../provider-http.ts";

export const OPENAI_API_BASE = "https://api.openai.com/v1";

const DAY_MS = 86_400_000;
/** The most buckets OpenAI serves per page. */
const MAX_LIMIT = 180;
const DEFAULT_TIMEOUT_MS = 15_000;

const resultSchema = z.object({
  amount: z.object({ value: z.number(), currency: z.string().regex(/^[A-Za-z]{3}$/, "expected an ISO 4217 code") }),
  line_item: z.string().nullish(),
});
const bucketSchema = z.object({ start_time: z.number().int(), results: z.array(resultSchema) });
const pageSchema = z.object({ data: z.array(bucketSchema), has_more: z.boolean(), next_page: z.string().nullish() });
/** Every field optional: a proxy in front of OpenAI may answer instead. */
const errorBodySchema = z.object({ error: z.object({ message: z.string().optional(), code: z.string().nullish() }).optional() }).catch({});

function advice(kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined): string {
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

function quote(body: unknown): string | null {
  const said = errorBodySchema.parse(body).error;
  return said?.message ? `"${said.message}"${said.code ? ` (${said.code})` : ""}` : null;
}

/**
 * OpenAI's costs for every UTC day in the window, one figure per day, line item and currency.
 * Results that share all three (e.g. one per project, should OpenAI split them) are summed exactly.
 */
export async function fetchOpenAICosts(credentials: { adminKey: string }, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  const { from, to, days } = dayWindowMs(window);
  const call: ProviderCall = {
    provider: "openai", name: "OpenAI", what: `fetch OpenAI's costs from ${window.from} up to ${window.to}`,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, send: options.fetch ?? fetch, advice, quote,
  };
  const base = (options.baseUrl ?? OPENAI_API_BASE).replace(/\/+$/, "");
  const totals = new DailyCostTotals();
  await eachPage(call, days, (cursor) => {
    const query = new URLSearchParams({ start_time: String(from / 1000), end_time: String(to / 1000), bucket_width: "1d", limit: String(Math.min(days, MAX_LIMIT)) });
    query.append("group_by[]", "line_item");
    if (cursor !== undefined) query.set("page", cursor);
    return getJson(call, new URL(`${base}/organization/costs?${query}`), { authorization: `Bearer ${credentials.adminKey}` }, pageSchema);
  }, (page) => {
    for (const bucket of page.data) {
      const start = bucket.start_time * 1000;
      if (start % DAY_MS !== 0) throw malformedError(call, `a daily bucket starts at ${bucket.start_time}, not at a UTC midnight`);
      // Only the asked-for days count, whatever else the server sends.
      if (start < from || start >= to) continue;
      const day = new Date(start).toISOString().slice(0, 10);
      for (const result of bucket.results) {
        totals.add({ day, line_item: result.line_item || "unspecified", currency: result.amount.currency.toUpperCase() }, decimalFromNumberLiteral(result.amount.value));
      }
    }
  });
  return totals.list();
}
