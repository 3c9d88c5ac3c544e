/**
 * A stand-in for Twilio's Usage Records Daily list on loopback, for the official `twilio` SDK to
 * talk to (lib/connectors/twilio's `baseUrl`). It answers
 * `GET /2010-04-01/Accounts/{AccountSid}/Usage/Records/Daily.json` as Twilio documents: HTTP Basic
 * auth with the account SID and auth token (20003 otherwise); StartDate and EndDate inclusive, in
 * GMT; Category matched exactly; PageSize/Page/PageToken paging with Twilio's envelope
 * (`usage_records`, `next_page_uri`, `page`, `page_size`, `uri`…). It serves the records it was
 * seeded with, figures as given: like Twilio, nothing stops `sms` and `sms-outbound` both counting
 * the same message. Tests can cap the page size, queue answers, and read every request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeAnswer } from "./fake-resend.ts";
import { twilioError, twilioErrors } from "./fake-twilio.ts";

export type TwilioUsageRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The query parameters (StartDate, EndDate, Category, PageSize…). */
  query: Record<string, string>;
};

export type TwilioUsageSeed = {
  category: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** As it goes on the wire: Twilio's examples send strings; a number or null tests the other shapes. */
  price: string | number | null;
  price_unit?: string;
  count?: string;
  usage?: string;
};

export type FakeTwilioUsage = {
  /** The origin to give the SDK as `baseUrl`. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request received, oldest first. */
  requests: TwilioUsageRequest[];
  addRecord(record: TwilioUsageSeed): void;
  /** The next authenticated requests get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

/** Twilio's documented default and maximum. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export async function startFakeTwilioUsage(options: {
  accountSid?: string;
  authToken?: string;
  /** Serves at most this many records a page whatever PageSize asks, so tests cross pages with few records. */
  pageSizeCap?: number;
  /** 0 or absent: any free port. */
  port?: number;
} = {}): Promise<FakeTwilioUsage> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const requests: TwilioUsageRequest[] = [];
  const records: TwilioUsageSeed[] = [];
  const queued: FakeAnswer[] = [];
  const dailyPath = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Usage\/Records\/Daily\.json$/;

  function usageRecord(seed: TwilioUsageSeed) {
    const base = `/2010-04-01/Accounts/${accountSid}/Usage/Records`;
    const only = `?Category=${encodeURIComponent(seed.category)}`;
    return {
      account_sid: accountSid, api_version: "2010-04-01", as_of: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
      category: seed.category, count: seed.count ?? "0", count_unit: "", description: seed.category,
      start_date: seed.day, end_date: seed.day, price: seed.price, price_unit: seed.price_unit ?? "usd",
      subresource_uris: Object.fromEntries(
        [["all_time", "AllTime"], ["daily", "Daily"], ["last_month", "LastMonth"], ["monthly", "Monthly"], ["this_month", "ThisMonth"],
          ["today", "Today"], ["yearly", "Yearly"], ["yesterday", "Yesterday"]].map(([key, name]) => [key, `${base}/${name}.json${only}`]),
      ),
      uri: `${base}/Daily.json${only}&StartDate=${seed.day}&EndDate=${seed.day}`,
      usage: seed.usage ?? String(seed.price ?? "0"), usage_unit: "",
    };
  }

  function answerDaily(path: string, headers: IncomingHttpHeaders, query: URLSearchParams): FakeAnswer {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (headers.authorization !== expected || dailyPath.exec(path)?.[1] !== accountSid) return twilioErrors.authenticate();
    const queuedAnswer = queued.shift();
    if (queuedAnswer) return queuedAnswer;

    const start = query.get("StartDate");
    const end = query.get("EndDate");
    for (const [name, value] of [["StartDate", start], ["EndDate", end]] as const) {
      if (value !== null && !DAY.test(value)) return twilioError(400, 20001, `Invalid ${name}: ${value}`);
    }
    const pageSize = Number(query.get("PageSize") ?? DEFAULT_PAGE_SIZE);
    const page = Number(query.get("Page") ?? 0);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return twilioError(400, 20001, "Invalid PageSize");
    if (!Number.isInteger(page) || page < 0) return twilioError(400, 20001, "Invalid Page");

    const category = query.get("Category");
    const matching = records
      .filter((record) => (category === null || record.category === category)
        && (start === null || record.day >= start) && (end === null || record.day <= end))
      .sort((a, b) => (a.day === b.day ? a.category.localeCompare(b.category) : a.day < b.day ? -1 : 1));
    const served = Math.min(pageSize, options.pageSizeCap ?? MAX_PAGE_SIZE);
    // The token says where the page starts (Twilio's is opaque); without one, Page does.
    const token = query.get("PageToken");
    const offset = token === null ? page * served : Number(token.slice(2));
    const slice = matching.slice(offset, offset + served);

    const uriFor = (pageNumber: number, pageOffset: number | null) => {
      const params = new URLSearchParams(query);
      params.set("PageSize", String(served));
      params.set("Page", String(pageNumber));
      if (pageOffset === null) params.delete("PageToken");
      else params.set("PageToken", `PA${pageOffset}`);
      return `${path}?${params}`;
    };
    const more = offset + served < matching.length;
    return {
      status: 200,
      body: {
        first_page_uri: uriFor(0, null),
        end: offset + Math.max(slice.length - 1, 0),
        next_page_uri: more ? uriFor(page + 1, offset + served) : null,
        page,
        page_size: served,
        previous_page_uri: page > 0 ? uriFor(page - 1, Math.max(offset - served, 0)) : null,
        start: offset,
        uri: uriFor(page, token === null ? null : offset),
        usage_records: slice.map(usageRecord),
      },
    };
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    requests.push({ method: request.method ?? "", path: url.pathname, headers: request.headers, query: Object.fromEntries(url.searchParams) });
    const answer = request.method === "GET" && dailyPath.test(url.pathname)
      ? answerDaily(url.pathname, request.headers, url.searchParams)
      : twilioError(404, 20404, `The requested resource ${url.pathname} was not found`);
    const text = typeof answer.body === "string";
    response.writeHead(answer.status, { "content-type": text ? "text/html" : "application/json", ...answer.headers });
    response.end(text ? answer.body : JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    addRecord: (record) => void records.push(record),
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
