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
 * Runs under Node and Deno (the sync-connectors edge function); the HTTP plumbing is
 * provider-http.ts, shared with the OpenAI connector.
 */
import { z } from "zod";
import { decimalStringSchema, parseDecimal, scaleByPowerOfTen } from "../../core/money.ts";
import type { DailyCost, DayWindow, ProviderErrorKind, ProviderOptions } from "../provider-costs.ts";
import { DailyCostTotals, dayWindowMs, eachPage, getJson, malformedError, type ProviderCall } from "../provider-http.ts";

export const ANTHROPIC_API_BASE = "https://api.anthropic.com/v1";
/** The API version the cost report is documented under. */
const ANTHROPIC_VERSION = "2023-06-01";

const DAY_MS = 86_400_000;
/** The most daily buckets Anthropic serves per page. */
const MAX_LIMIT = 31;
const DEFAULT_TIMEOUT_MS = 15_000;
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
const errorBodySchema = z.object({ error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional() }).catch({});

function advice(kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined): string {
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

function quote(body: unknown): string | null {
  const said = errorBodySchema.parse(body).error;
  return said?.message ? `"${said.message}"${said.type ? ` (${said.type})` : ""}` : null;
}

/**
 * Anthropic's costs for every UTC day in the window, one figure per day, line item and currency.
 * The line item is the model for token costs (its input, output and cache lines summed exactly),
 * else the description (e.g. web search), else the cost type.
 */
export async function fetchAnthropicCosts(credentials: { adminKey: string }, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  const { from, to, days } = dayWindowMs(window);
  const call: ProviderCall = {
    provider: "anthropic", name: "Anthropic", what: `fetch Anthropic's costs from ${window.from} up to ${window.to}`,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, send: options.fetch ?? fetch, advice, quote,
  };
  const base = (options.baseUrl ?? ANTHROPIC_API_BASE).replace(/\/+$/, "");
  const totals = new DailyCostTotals();
  await eachPage(call, days, (cursor) => {
    const query = new URLSearchParams({
      starting_at: `${window.from}T00:00:00Z`,
      ending_at: `${window.to}T00:00:00Z`,
      bucket_width: "1d",
      limit: String(Math.min(days, MAX_LIMIT)),
    });
    // Without it the results carry no model or description, only a daily total.
    query.append("group_by[]", "description");
    if (cursor !== undefined) query.set("page", cursor);
    const headers = { "x-api-key": credentials.adminKey, "anthropic-version": ANTHROPIC_VERSION };
    return getJson(call, new URL(`${base}/organizations/cost_report?${query}`), headers, reportSchema);
  }, (page) => {
    for (const bucket of page.data) {
      const start = Date.parse(bucket.starting_at);
      if (Number.isNaN(start) || start % DAY_MS !== 0) throw malformedError(call, `a daily bucket starts at ${JSON.stringify(bucket.starting_at)}, not at a UTC midnight`);
      // Only the asked-for days count, whatever else the server sends.
      if (start < from || start >= to) continue;
      const day = new Date(start).toISOString().slice(0, 10);
      for (const result of bucket.results) {
        const currency = result.currency.toUpperCase();
        const digits = MINOR_UNIT_DIGITS[currency];
        if (digits === undefined) throw malformedError(call, `it reported an amount in ${JSON.stringify(result.currency)}, whose lowest unit Spendguard does not know`);
        totals.add({ day, line_item: result.model || result.description || result.cost_type || "unspecified", currency }, scaleByPowerOfTen(parseDecimal(result.amount), -digits));
      }
    }
  });
  return totals.list();
}
