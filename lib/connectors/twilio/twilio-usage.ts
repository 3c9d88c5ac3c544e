/**
 * What Twilio billed, per UTC day, through the official SDK's Usage Records **Daily** subresource
 * (GET /2010-04-01/Accounts/{Sid}/Usage/Records/Daily.json; https://www.twilio.com/docs/usage/api/usage-record).
 *
 * One line item per day: Twilio's `totalprice` category. Usage categories nest (`calls` holds
 * `calls-inbound`, which holds `calls-inbound-local`; `sms` holds `sms-outbound`…), so summing every
 * category counts the same charge two or three times; and Twilio documents that some costs sit in
 * no category at all, so even the leaves fall short of the bill. `totalprice` is the one figure
 * that counts each billed cent exactly once.
 *
 * Days are UTC: Twilio takes StartDate/EndDate and reports start_date/end_date "in GMT". EndDate is
 * inclusive ("on or before"), so a window's exclusive `to` becomes the day before it.
 * Subaccounts: Twilio's default (IncludeSubaccounts=true) is kept, as the parent account's bill
 * includes them.
 *
 * Runs under Node and Deno: only the `twilio` package and relative imports.
 */
import twilio from "twilio";
import { decimalFromNumberLiteral, DECIMAL_PATTERN, formatDecimal, parseDecimal } from "../../core/money.ts";
import { parseRetryAfter } from "../../delivery/retry-after.ts";
import { ProviderError, type DailyCost, type DayWindow, type ProviderErrorKind, type ProviderOptions } from "../provider-costs.ts";

export type TwilioCredentials = { accountSid: string; authToken: string };

/** Twilio's usage category for the whole bill, and the line item it becomes. */
export const TWILIO_TOTAL_CATEGORY = "totalprice";

const PROVIDER = "twilio";
/** Twilio's maximum: a window of up to 1,000 days in one request. */
const PAGE_SIZE = 1000;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Twilio's error codes that mean the same as an HTTP status, whatever status came with them. */
const AUTHENTICATE = 20003;
const TOO_MANY_REQUESTS = 20429;

/** The fields of a daily usage record this module reads; the SDK's DailyInstance has them. */
type UsageRecord = {
  category: string;
  /** The SDK turns a valid date into a Date at UTC midnight and leaves anything else as it came. */
  startDate: Date | string | null;
  endDate: Date | string | null;
  /** Typed a number by the SDK and Twilio's schema, yet Twilio's own examples send strings ("2192.84855"); nullable. */
  price: number | string | null;
  priceUnit: string | null;
};

function utcMidnight(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  return date;
}

function kindOf(status: number, code: number | undefined): ProviderErrorKind {
  if (status === 401 || code === AUTHENTICATE) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429 || code === TOO_MANY_REQUESTS) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "rejected";
}

function adviceFor(kind: ProviderErrorKind, status: number, retryAfterSeconds: number | undefined): string {
  switch (kind) {
    case "unauthorized":
      return `Twilio refused the Account SID and Auth Token (HTTP ${status}): the token may have been rotated or the SID mistyped. Copy both again from the Twilio Console.`;
    case "forbidden":
      return `Twilio denied access (HTTP ${status}): these credentials may not read this account's usage records.`;
    case "not_found":
      return `Twilio does not know this account (HTTP ${status}): it may have been closed, or the SID mistyped.`;
    case "rate_limited":
      return `Twilio is limiting requests from this account (HTTP ${status}): try again ${retryAfterSeconds === undefined ? "in a minute" : `in ${retryAfterSeconds} s`}.`;
    case "unavailable":
      return `Twilio failed on its side (HTTP ${status}): try again later.`;
    default:
      return `Twilio refused the request (HTTP ${status}).`;
  }
}

/** The SDK keeps the last answer's headers on its HTTP client; its RestException drops them. */
function retryAfterOf(lastResponse: { headers: unknown } | undefined): number | undefined {
  const headers = lastResponse?.headers;
  const value = typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>)["retry-after"] : undefined;
  return parseRetryAfter(typeof value === "string" ? value : undefined);
}

function fromRestException(error: InstanceType<typeof twilio.RestException>, lastResponse: { headers: unknown } | undefined): ProviderError {
  const code = typeof error.code === "number" ? error.code : undefined;
  const kind = kindOf(error.status, code);
  const retryAfterSeconds = kind === "rate_limited" ? retryAfterOf(lastResponse) : undefined;
  // Without a JSON body (a proxy's HTML page) the SDK's message is its own "[HTTP 502] Failed…": nothing of Twilio's to quote.
  const words = error.message && !error.message.startsWith("[HTTP ") ? error.message : "";
  const quoted = words ? ` Twilio says: "${words}"${code === undefined ? "" : ` (${code})`}.` : "";
  return new ProviderError(PROVIDER, kind, `Could not read Twilio's daily usage. ${adviceFor(kind, error.status, retryAfterSeconds)}${quoted}`, {
    status: error.status, retryAfterSeconds, cause: error,
  });
}

/** No answer at all (refused, reset, DNS, timeout): the SDK's HTTP client (axios) says which in `code`. */
function networkError(error: object, host: string): ProviderError {
  const code = "code" in error && typeof error.code === "string" ? error.code : "network error";
  const reason = error instanceof Error ? error.message : String(error);
  const timedOut = code === "ECONNABORTED" || code === "ETIMEDOUT";
  const what = timedOut ? `did not answer in time (${reason})` : `could not be reached (${code}: ${reason})`;
  return new ProviderError(PROVIDER, "network", `Could not read Twilio's daily usage: Twilio (${host}) ${what}. Try again later.`, { cause: error });
}

function providerErrorOf(error: unknown, lastResponse: { headers: unknown } | undefined, host: string): ProviderError {
  if (error instanceof twilio.RestException) return fromRestException(error, lastResponse);
  if (typeof error === "object" && error !== null && "isAxiosError" in error && error.isAxiosError === true) return networkError(error, host);
  // Anything else is the SDK failing to read a 200 answer: not JSON, or no list of records in it.
  return malformed(error instanceof Error ? error.message : String(error), error);
}

function malformed(problem: string, cause?: unknown): ProviderError {
  return new ProviderError(PROVIDER, "malformed", `Could not read Twilio's daily usage: Twilio's answer is not what its API documents (${problem}).`, { cause });
}

function dayOf(value: Date | string | null, field: string): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  throw malformed(`${field} ${JSON.stringify(value)} is not a date`);
}

/** Exact: a string is read digit by digit, a JSON number as the literal it was written as; a negative price is a credit and stays one. */
function amountOf(price: number | string, day: string): string {
  if (typeof price === "number" ? !Number.isFinite(price) : !DECIMAL_PATTERN.test(price)) {
    throw malformed(`price ${JSON.stringify(price)} on ${day} is not a decimal amount`);
  }
  return formatDecimal(typeof price === "number" ? decimalFromNumberLiteral(price) : parseDecimal(price));
}

function currencyOf(priceUnit: string | null, day: string): string {
  if (typeof priceUnit === "string" && /^[a-z]{3}$/i.test(priceUnit)) return priceUnit.toUpperCase();
  throw malformed(`price_unit ${JSON.stringify(priceUnit)} on ${day} is not a currency code`);
}

function toDailyCosts(records: readonly UsageRecord[], window: DayWindow): DailyCost[] {
  const byDay = new Map<string, DailyCost>();
  for (const record of records) {
    // Only the total was asked for; any other category would count its charges a second time.
    if (record.category !== TWILIO_TOTAL_CATEGORY) continue;
    const day = dayOf(record.startDate, "start_date");
    if (dayOf(record.endDate, "end_date") !== day) throw malformed(`a daily record spans ${day} to ${String(record.endDate)}`);
    if (day < window.from || day >= window.to) continue;
    // No price is no figure to reconcile, which is not the same as Twilio billing zero.
    if (record.price === null) continue;
    if (byDay.has(day)) throw malformed(`two totals for ${day}`);
    byDay.set(day, { day, line_item: TWILIO_TOTAL_CATEGORY, amount: amountOf(record.price, day), currency: currencyOf(record.priceUnit, day) });
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/**
 * Twilio's billed total for each UTC day of the window that has one. `options.baseUrl` sends the
 * SDK's requests to that origin (a fake, a proxy); `options.fetch` does not apply, as the SDK
 * brings its own HTTP client; `options.timeoutMs` defaults to the SDK's 30 s.
 */
export async function fetchTwilioCosts(credentials: TwilioCredentials, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  const start = utcMidnight(window.from);
  const end = utcMidnight(window.to);
  if (end < start) throw new RangeError(`window ends (${window.to}) before it starts (${window.from})`);
  if (end.getTime() === start.getTime()) return [];
  if (!ACCOUNT_SID.test(credentials.accountSid) || credentials.authToken === "") {
    throw new ProviderError(PROVIDER, "unauthorized", "Could not read Twilio's daily usage: an Account SID (AC followed by 32 hex digits) and its Auth Token are both needed. Copy them from the Twilio Console.");
  }
  // No SDK-side retries: the sync retries with its own schedule.
  const client = twilio(credentials.accountSid, credentials.authToken, { autoRetry: false, timeout: options.timeoutMs });
  // The SDK builds every URL of this domain from baseUrl, the next_page_uri it follows included
  // (lib/delivery's origin-rewriting RequestClient is private to twilio-sms.ts).
  if (options.baseUrl) client.api.baseUrl = new URL(options.baseUrl).origin;
  let records: UsageRecord[];
  try {
    records = await client.usage.records.daily.list({
      category: TWILIO_TOTAL_CATEGORY,
      startDate: start,
      endDate: new Date(end.getTime() - DAY_MS),
      pageSize: PAGE_SIZE,
    });
  } catch (error) {
    throw providerErrorOf(error, client.httpClient.lastResponse, new URL(client.api.baseUrl).host);
  }
  return toDailyCosts(records, window);
}
