/**
 * Twilio's billed costs through the official SDK against a fake Usage Records API on loopback,
 * over real HTTP: the window's UTC days only, every page, one total per day however the
 * categories nest, amounts exact, and every way a call can fail as the ProviderError kind the
 * sync acts on. Needs no database; the integration project's stack merely runs beside it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/connectors/provider-costs.ts";
import { fetchTwilioCosts, TWILIO_TOTAL_CATEGORY } from "@/lib/connectors/twilio/twilio-usage.ts";
import { addDecimalStrings } from "@/lib/core/money.ts";
import { twilioError, twilioErrors } from "../helpers/fake-twilio.ts";
import { startFakeTwilioUsage, type FakeTwilioUsage } from "../helpers/fake-twilio-usage.ts";

let fake: FakeTwilioUsage;
beforeEach(async () => {
  fake = await startFakeTwilioUsage({ pageSizeCap: 2 });
});
afterEach(() => fake.close());

const credentials = () => ({ accountSid: fake.accountSid, authToken: fake.authToken });
const fetchCosts = (window: { from: string; to: string }, options: { timeoutMs?: number } = {}) =>
  fetchTwilioCosts(credentials(), window, { baseUrl: fake.url, ...options });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => expect.fail("expected the call to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Days from `from` on, as Twilio's GMT dates. */
function days(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(start + index * 86_400_000).toISOString().slice(0, 10));
}

const total = (day: string, amount: string, currency = "USD") => ({ day, line_item: TWILIO_TOTAL_CATEGORY, amount, currency });

/** One page as Twilio sends it, for answers the seeded records cannot give. */
function page(records: Array<Record<string, unknown>>, nextPageUri: string | null = null) {
  const uri = `/2010-04-01/Accounts/${fake.accountSid}/Usage/Records/Daily.json`;
  return {
    status: 200,
    body: {
      first_page_uri: uri, end: 0, next_page_uri: nextPageUri, page: 0, page_size: 2, previous_page_uri: null, start: 0, uri,
      usage_records: records.map((record) => ({ category: TWILIO_TOTAL_CATEGORY, price_unit: "usd", ...record })),
    },
  };
}

describe("reading the bill", () => {
  it("asks for the daily totals of the window's UTC days, EndDate inclusive, and follows every page", async () => {
    days("2025-03-27", 8).forEach((day, index) => fake.addRecord({ category: "totalprice", day, price: `1.0${index}` }));

    const costs = await fetchCosts({ from: "2025-03-30", to: "2025-04-03" });

    expect(costs).toEqual([total("2025-03-30", "1.03"), total("2025-03-31", "1.04"), total("2025-04-01", "1.05"), total("2025-04-02", "1.06")]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({ method: "GET", path: `/2010-04-01/Accounts/${fake.accountSid}/Usage/Records/Daily.json` });
    expect(fake.requests[0].query).toEqual({ Category: "totalprice", StartDate: "2025-03-30", EndDate: "2025-04-02", PageSize: "1000" });
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString("base64")}`);
    // The second page is the one Twilio's next_page_uri names, token and all.
    expect(fake.requests[1].query).toMatchObject({ Category: "totalprice", StartDate: "2025-03-30", EndDate: "2025-04-02", Page: "1", PageToken: "PA2" });
  });

  it("counts each day once, however the categories nest under totalprice", async () => {
    const day = "2025-05-14";
    for (const [category, price] of [
      ["totalprice", "1.3375"], ["sms", "1.00"], ["sms-outbound", "0.80"], ["sms-outbound-longcode", "0.80"], ["sms-inbound", "0.20"],
      ["calls", "0.2375"], ["calls-outbound", "0.2375"], ["phonenumbers", "0.10"],
    ] as const) fake.addRecord({ category, day, price });

    expect(await fetchCosts({ from: day, to: "2025-05-15" })).toEqual([total(day, "1.3375")]);
    expect(fake.requests.map((request) => request.query.Category)).toEqual(["totalprice"]);
  });

  it("ignores any other category the answer carries, and any day outside the window", async () => {
    fake.answerNext(page([
      { category: "sms", start_date: "2025-05-14", end_date: "2025-05-14", price: "1.00" },
      { start_date: "2025-05-13", end_date: "2025-05-13", price: "9.99" },
      { start_date: "2025-05-14", end_date: "2025-05-14", price: "1.3375" },
    ]));
    expect(await fetchCosts({ from: "2025-05-14", to: "2025-05-15" })).toEqual([total("2025-05-14", "1.3375")]);
  });

  it("keeps amounts exact: strings digit for digit, numbers as written, credits negative; a null price is no figure", async () => {
    fake.addRecord({ category: "totalprice", day: "2025-06-01", price: "0.10" });
    fake.addRecord({ category: "totalprice", day: "2025-06-02", price: 0.2 });
    fake.addRecord({ category: "totalprice", day: "2025-06-03", price: "-1.5" });
    fake.addRecord({ category: "totalprice", day: "2025-06-04", price: null });
    fake.addRecord({ category: "totalprice", day: "2025-06-05", price: "2192.84855", price_unit: "eur" });

    const costs = await fetchCosts({ from: "2025-06-01", to: "2025-06-06" });

    expect(costs).toEqual([
      total("2025-06-01", "0.1"), total("2025-06-02", "0.2"), total("2025-06-03", "-1.5"), total("2025-06-05", "2192.84855", "EUR"),
    ]);
    expect(addDecimalStrings(costs[0].amount, costs[1].amount)).toBe("0.3");
  });

  it("sums a month across sixteen pages to the cent, where floats would drift", async () => {
    const month = days("2025-01-01", 31);
    month.forEach((day) => fake.addRecord({ category: "totalprice", day, price: "0.1" }));
    const costs = await fetchCosts({ from: "2025-01-01", to: "2025-02-01" });
    expect(costs.map((cost) => cost.day)).toEqual(month);
    expect(costs.reduce((sum, cost) => addDecimalStrings(sum, cost.amount), "0")).toBe("3.1");
    expect(fake.requests).toHaveLength(16);
  });

  it("asks nothing for an empty window and refuses windows that are not whole days", async () => {
    expect(await fetchCosts({ from: "2025-01-01", to: "2025-01-01" })).toEqual([]);
    await expect(fetchCosts({ from: "2025-01-02", to: "2025-01-01" })).rejects.toThrow(RangeError);
    await expect(fetchCosts({ from: "2025-02-30", to: "2025-03-01" })).rejects.toThrow(RangeError);
    await expect(fetchCosts({ from: "2025-01-01T00:00", to: "2025-01-02" })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("failures", () => {
  it("wrong credentials are unauthorized, not retryable, with Twilio's words", async () => {
    const error = await failure(fetchTwilioCosts({ accountSid: fake.accountSid, authToken: "not-the-token" }, { from: "2025-01-01", to: "2025-01-02" }, { baseUrl: fake.url }));
    expect(error).toMatchObject({ provider: "twilio", kind: "unauthorized", status: 401, retryable: false, retryAfterSeconds: undefined });
    expect(error.message).toContain('Twilio says: "Authenticate" (20003)');
    expect(fake.requests).toHaveLength(1);
  });

  it("something that is not an Account SID is unauthorized before any request", async () => {
    const error = await failure(fetchTwilioCosts({ accountSid: "SK0123", authToken: "t" }, { from: "2025-01-01", to: "2025-01-02" }, { baseUrl: fake.url }));
    expect(error).toMatchObject({ kind: "unauthorized", status: null });
    expect(fake.requests).toHaveLength(0);
  });

  it("a rate limit is retryable after Twilio's Retry-After", async () => {
    fake.answerNext(twilioError(429, 20429, "Too Many Requests", { "retry-after": "7" }));
    const error = await failure(fetchCosts({ from: "2025-01-01", to: "2025-01-02" }));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryable: true, retryAfterSeconds: 7 });
    expect(error.message).toContain("try again in 7 s");
  });

  it("Twilio's own failures are unavailable and retryable, a proxy's HTML page included", async () => {
    fake.answerNext(twilioErrors.internal(), { status: 502, body: "<html><body>Bad Gateway</body></html>" });
    const internal = await failure(fetchCosts({ from: "2025-01-01", to: "2025-01-02" }));
    expect(internal).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    expect(internal.message).toContain('Twilio says: "An internal server error has occurred" (20500)');
    const proxied = await failure(fetchCosts({ from: "2025-01-01", to: "2025-01-02" }));
    expect(proxied).toMatchObject({ kind: "unavailable", status: 502, retryable: true });
    expect(proxied.message).not.toContain("Twilio says");
  });

  it("a failure on a later page fails the whole fetch: no partial bill", async () => {
    const next = `/2010-04-01/Accounts/${fake.accountSid}/Usage/Records/Daily.json?Category=totalprice&Page=1&PageToken=PA1`;
    fake.answerNext(page([{ start_date: "2025-01-01", end_date: "2025-01-01", price: "1" }], next), twilioErrors.internal());
    expect(await failure(fetchCosts({ from: "2025-01-01", to: "2025-01-03" }))).toMatchObject({ kind: "unavailable", status: 500 });
    expect(fake.requests.map((request) => request.query.PageToken)).toEqual([undefined, "PA1"]);
  });

  it("a denied account is forbidden, an unknown one not found, and a refused query rejected", async () => {
    fake.answerNext(twilioError(403, 20403, "Forbidden"), twilioError(404, 20404, "The requested resource was not found"), twilioError(400, 20001, "Invalid StartDate"));
    const window = { from: "2025-01-01", to: "2025-01-02" };
    expect(await failure(fetchCosts(window))).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
    expect(await failure(fetchCosts(window))).toMatchObject({ kind: "not_found", status: 404, retryable: false });
    expect(await failure(fetchCosts(window))).toMatchObject({ kind: "rejected", status: 400, retryable: false });
  });

  it("an answer that is not JSON, or not the documented figures, is malformed", async () => {
    const window = { from: "2025-01-01", to: "2025-01-02" };
    fake.answerNext(
      { status: 200, body: "{\"usage_records\": [", headers: { "content-type": "application/json" } },
      page([{ start_date: "2025-01-01", end_date: "2025-01-01", price: "1,50" }]),
      page([{ start_date: "2025-01-01", end_date: "2025-01-01", price: "1.50", price_unit: null }]),
      page([{ start_date: "2025-01-01", end_date: "2025-01-02", price: "1.50" }]),
      page([{ start_date: "2025-01-01", end_date: "2025-01-01", price: "1" }, { start_date: "2025-01-01", end_date: "2025-01-01", price: "2" }]),
    );
    expect(await failure(fetchCosts(window))).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect((await failure(fetchCosts(window))).message).toContain('price "1,50"');
    expect((await failure(fetchCosts(window))).message).toContain("price_unit null");
    expect((await failure(fetchCosts(window))).message).toContain("spans 2025-01-01");
    expect((await failure(fetchCosts(window))).message).toContain("two totals for 2025-01-01");
  });

  it("a closed port is a retryable network error", async () => {
    const closed = await startFakeTwilioUsage();
    await closed.close();
    const error = await failure(fetchTwilioCosts({ accountSid: closed.accountSid, authToken: closed.authToken }, { from: "2025-01-01", to: "2025-01-02" }, { baseUrl: closed.url }));
    expect(error).toMatchObject({ kind: "network", status: null, retryable: true });
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("a server that never answers times out as a network error", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const error = await failure(fetchTwilioCosts(credentials(), { from: "2025-01-01", to: "2025-01-02" }, { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }));
      expect(error).toMatchObject({ kind: "network", retryable: true });
      expect(error.message).toContain("did not answer in time");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
