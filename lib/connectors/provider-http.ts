/**
 * The one way cost connectors that speak plain HTTP + JSON (OpenAI, Anthropic) call their
 * provider: whole-UTC-day windows, a timeout per request, every failure a ProviderError that says
 * what to do (with the provider's own words), answers validated with zod, cursor paging with a cap,
 * and exact per-day totals. Runtime-neutral: fetch, zod and relative imports only.
 */
import type { z } from "zod";
import { add, formatDecimal, type Decimal } from "../core/money.ts";
import { parseRetryAfter } from "../delivery/retry-after.ts";
import { ProviderError, type DailyCost, type DayWindow, type ProviderErrorKind } from "./provider-costs.ts";

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Who is called and for what, for messages; how to turn a refusal into words. */
export type ProviderCall = {
  provider: string;
  /** As people know it: "OpenAI". */
  name: string;
  /** "fetch OpenAI's costs from … up to …", completing "Could not …". */
  what: string;
  timeoutMs: number;
  send: typeof fetch;
  /** What to do about a refusal of this kind, in the provider's terms. */
  advice: (kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined) => string;
  /** The provider's own words in an error body, if any: `"…" (code)`. */
  quote: (body: unknown) => string | null;
};

/** The window in ms of UTC midnights; a RangeError for anything but real `YYYY-MM-DD` days in order. */
export function dayWindowMs(window: DayWindow): { from: number; to: number; days: number } {
  const from = dayStart("window.from", window.from);
  const to = dayStart("window.to", window.to);
  if (to <= from) throw new RangeError(`window.to (${window.to}) must come after window.from (${window.from})`);
  return { from, to, days: (to - from) / DAY_MS };
}

function dayStart(label: string, day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; reading the day back catches it.
  if (!DAY_PATTERN.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${label} must be a day like "2026-01-31", got ${JSON.stringify(day)}`);
  }
  return ms;
}

export function statusKind(status: number): ProviderErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  // 529 (Anthropic's "overloaded") included.
  if (status >= 500) return "unavailable";
  return "rejected";
}

export function malformedError(call: ProviderCall, problem: string, cause?: unknown): ProviderError {
  return new ProviderError(call.provider, "malformed", `Could not ${call.what}: ${call.name}'s answer is not what its API documents (${problem}).`, { cause });
}

function networkError(call: ProviderCall, host: string, error: unknown): ProviderError {
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  const message = timedOut
    ? `Could not ${call.what}: ${call.name} (${host}) did not answer within ${call.timeoutMs / 1000} s. Try again later.`
    : `Could not ${call.what}: ${call.name} (${host}) could not be reached (${reason}). Try again later.`;
  return new ProviderError(call.provider, "network", message, { cause: error });
}

function refusal(call: ProviderCall, response: Response, text: string): ProviderError {
  const status = response.status;
  const kind = statusKind(status);
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  let said: string | null = null;
  try {
    said = call.quote(JSON.parse(text));
  } catch {
    // Not JSON (an HTML page from a proxy): nothing of the provider's own to quote.
  }
  const quoted = said ? ` ${call.name} says: ${said}.` : "";
  return new ProviderError(call.provider, kind, `Could not ${call.what}. ${call.advice(kind, status, retryAfterSeconds)}${quoted}`, { status, retryAfterSeconds });
}

/** GETs `url` and answers its body as `schema` says it is, or throws the ProviderError that fits. */
export async function getJson<S extends z.ZodType>(call: ProviderCall, url: URL, headers: Record<string, string>, schema: S): Promise<z.output<S>> {
  let response: Response;
  let text: string;
  try {
    response = await call.send(url, { headers: { ...headers, accept: "application/json" }, signal: AbortSignal.timeout(call.timeoutMs) });
    text = await response.text();
  } catch (error) {
    throw networkError(call, url.host, error);
  }
  if (!response.ok) throw refusal(call, response, text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw malformedError(call, "not JSON", error);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformedError(call, `${issue.path.join(".") || "the body"}: ${issue.message}`, parsed.error);
  }
  return parsed.data;
}

type Page = { has_more: boolean; next_page?: string | null };

/**
 * Follows `next_page` cursors until `has_more` is false. Every page holds at least one daily
 * bucket, so a window of n days takes at most n + 1 pages; past that a server repeating has_more
 * forever is assumed, and fetching stops with an error rather than looping.
 */
export async function eachPage<P extends Page>(call: ProviderCall, days: number, fetchPage: (cursor: string | undefined) => Promise<P>, onPage: (page: P) => void): Promise<void> {
  const maxPages = days + 1;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(cursor);
    onPage(answer);
    if (!answer.has_more) return;
    if (!answer.next_page) throw malformedError(call, "has_more is true but next_page is empty");
    cursor = answer.next_page;
  }
  throw malformedError(call, `it still had more after ${maxPages} pages for ${days} days; fetching stopped so as not to loop forever`);
}

/** The same order under Node and Deno, whatever their locale data. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Exact sums per day, line item and currency (several results may share all three), in a stable order. */
export class DailyCostTotals {
  private readonly totals = new Map<string, { cost: Omit<DailyCost, "amount">; amount: Decimal }>();

  add(cost: Omit<DailyCost, "amount">, amount: Decimal): void {
    const key = JSON.stringify([cost.day, cost.line_item, cost.currency]);
    const seen = this.totals.get(key);
    this.totals.set(key, { cost, amount: seen ? add(seen.amount, amount) : amount });
  }

  list(): DailyCost[] {
    return [...this.totals.values()]
      .map(({ cost, amount }) => ({ ...cost, amount: formatDecimal(amount) }))
      .sort((a, b) => byCodePoint(a.day, b.day) || byCodePoint(a.line_item, b.line_item) || byCodePoint(a.currency, b.currency));
  }
}
