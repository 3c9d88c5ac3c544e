/**
 * The OpenAI cost connector against a fake Costs API on loopback, over real HTTP: the window, the
 * paging cursor, exact sums, and every way a call can fail, each as the ProviderError kind the
 * sync acts on. Needs no database; the integration project's stack merely runs beside it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchOpenAICosts, OPENAI_API_BASE } from "@/lib/connectors/openai/openai-costs.ts";
import { ProviderError } from "@/lib/connectors/provider-costs.ts";
import { openaiError, openaiErrors, startFakeOpenAIAdmin, type FakeOpenAIAdmin } from "../helpers/fake-openai-admin.ts";

let fake: FakeOpenAIAdmin;
beforeEach(async () => {
  fake = await startFakeOpenAIAdmin();
});
afterEach(() => fake.close());

const window = { from: "2026-03-01", to: "2026-03-04" };
const costs = (range = window, key = fake.adminKey) => fetchOpenAICosts({ adminKey: key }, range, { baseUrl: fake.url });
const unix = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const json = (body: unknown) => ({ status: 200, body });
const bucket = (day: string, results: unknown[]) => ({ object: "bucket", start_time: unix(day), end_time: unix(day) + 86_400, results });
const result = (value: unknown, lineItem: string | null, currency = "usd") => ({ object: "organization.costs.result", amount: { value, currency }, line_item: lineItem, project_id: null });
const page = (data: unknown[], next: string | null = null) => json({ object: "page", data, has_more: next !== null, next_page: next });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => expect.fail("expected the call to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("costs", () => {
  it("returns the window's days only, per line item, with the admin key and the documented query", async () => {
    fake.addCost({ day: "2026-02-28", line_item: "gpt-4o, input", amount: 9 });
    fake.addCost({ day: "2026-03-01", line_item: "gpt-4o, input", amount: 0.06 });
    fake.addCost({ day: "2026-03-01", line_item: "gpt-4o, output", amount: 1.25 });
    fake.addCost({ day: "2026-03-03", line_item: null, amount: 0.5 });
    fake.addCost({ day: "2026-03-04", line_item: "gpt-4o, input", amount: 7 });

    expect(await costs()).toEqual([
      { day: "2026-03-01", line_item: "gpt-4o, input", amount: "0.06", currency: "USD" },
      { day: "2026-03-01", line_item: "gpt-4o, output", amount: "1.25", currency: "USD" },
      { day: "2026-03-03", line_item: "unspecified", amount: "0.5", currency: "USD" },
    ]);
    const [first] = fake.requests;
    expect(first).toMatchObject({ method: "GET", path: "/v1/organization/costs" });
    expect(first.headers).toMatchObject({ authorization: `Bearer ${fake.adminKey}`, accept: "application/json" });
    expect(Object.fromEntries(first.search)).toEqual({
      start_time: String(unix("2026-03-01")), end_time: String(unix("2026-03-04")), bucket_width: "1d", limit: "3", "group_by[]": "line_item",
    });
  });

  it("follows next_page across pages until has_more is false", async () => {
    const days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"];
    days.forEach((day, index) => fake.addCost({ day, line_item: "gpt-4.1, input", amount: index + 0.5 }));

    const result = await costs({ from: "2026-03-01", to: "2026-03-06" });

    expect(result.map((cost) => [cost.day, cost.amount])).toEqual(days.map((day, index) => [day, `${index}.5`]));
    // Two buckets a page: three requests, each after the first carrying the cursor it was given.
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0].search.has("page")).toBe(false);
    for (const index of [1, 2]) {
      expect(fake.requests[index].search.get("page")).toMatch(/^page_/);
      expect(fake.requests[index].search.get("start_time")).toBe(String(unix("2026-03-01")));
    }
    expect(new Set(fake.requests.map((request) => request.search.get("page"))).size).toBe(3);
  });

  it("sums results of the same day, line item and currency exactly", async () => {
    // OpenAI sums projects itself when not grouped by them; the fake does so exactly.
    fake.addCost({ day: "2026-03-01", line_item: "gpt-4o, input", amount: 0.1, project_id: "proj_a" });
    fake.addCost({ day: "2026-03-01", line_item: "gpt-4o, input", amount: 0.2, project_id: "proj_b" });
    expect(await costs()).toEqual([{ day: "2026-03-01", line_item: "gpt-4o, input", amount: "0.3", currency: "USD" }]);

    // And should an answer split them (e.g. per project), the connector sums them exactly.
    fake.answerNext(page([
      bucket("2026-03-02", [result(0.1, "gpt-4o, input"), result(0.2, "gpt-4o, input"), result(1e-7, "gpt-4o, input", "USD"), result(5, "gpt-4o, input", "eur")]),
    ]));
    expect(await costs()).toEqual([
      { day: "2026-03-02", line_item: "gpt-4o, input", amount: "5", currency: "EUR" },
      { day: "2026-03-02", line_item: "gpt-4o, input", amount: "0.3000001", currency: "USD" },
    ]);
  });

  it("drops buckets outside the window, and refuses one that does not start at a UTC midnight", async () => {
    fake.answerNext(page([bucket("2026-02-28", [result(3, "old")]), bucket("2026-03-01", [result(1, "new")]), bucket("2026-03-04", [result(3, "late")])]));
    expect(await costs()).toEqual([{ day: "2026-03-01", line_item: "new", amount: "1", currency: "USD" }]);

    fake.answerNext(page([{ ...bucket("2026-03-01", []), start_time: unix("2026-03-01") + 3600 }]));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "malformed", provider: "openai", retryable: false });
    expect(error.message).toContain("not at a UTC midnight");
  });

  it("refuses a window that is not whole days in order, before calling OpenAI", async () => {
    await expect(costs({ from: "2026-03-04", to: "2026-03-04" })).rejects.toThrow(RangeError);
    await expect(costs({ from: "2026-02-30", to: "2026-03-04" })).rejects.toThrow(RangeError);
    await expect(costs({ from: "2026-03-01T00:00:00Z", to: "2026-03-04" })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("calls api.openai.com by default", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ object: "page", data: [], has_more: false, next_page: null }));
    };
    expect(await fetchOpenAICosts({ adminKey: "sk-admin-x" }, window, { fetch: recording })).toEqual([]);
    expect(OPENAI_API_BASE).toBe("https://api.openai.com/v1");
    expect(urls[0]).toMatch(/^https:\/\/api\.openai\.com\/v1\/organization\/costs\?start_time=/);
  });
});

describe("failures", () => {
  it("a wrong key is unauthorized, not retryable, says how to fix it and quotes OpenAI", async () => {
    const error = await failure(costs(window, "sk-admin-not-the-key"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, retryable: false, retryAfterSeconds: undefined });
    expect(error.message).toContain("Admin key (sk-admin-…)");
    expect(error.message).toContain('OpenAI says: "Incorrect API key provided');
    expect(error.message).toContain("(invalid_api_key)");
  });

  it("a key without the usage scope is forbidden", async () => {
    fake.answerNext(openaiErrors.forbidden());
    expect(await failure(costs())).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
  });

  it("a rate limit is retryable after OpenAI's Retry-After", async () => {
    fake.answerNext(openaiErrors.rateLimited(7));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryable: true, retryAfterSeconds: 7 });
    expect(error.message).toContain("try again in 7 s");
  });

  it("OpenAI's own failures are retryable, a proxy's HTML page included", async () => {
    fake.answerNext(openaiErrors.internal(), { status: 502, body: "<html><body>Bad Gateway</body></html>" });
    expect(await failure(costs())).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    const proxied = await failure(costs());
    expect(proxied).toMatchObject({ kind: "unavailable", status: 502, retryable: true });
    expect(proxied.message).not.toContain("OpenAI says");
  });

  it("any other refusal is rejected, with OpenAI's words", async () => {
    fake.answerNext(openaiError(400, "Invalid value for limit.", "invalid_request_error", null, { param: "limit" }));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "rejected", status: 400, retryable: false });
    expect(error.message).toContain('OpenAI says: "Invalid value for limit."');
  });

  it("an answer that is not JSON, or not the documented shape, is malformed", async () => {
    fake.answerNext(
      { status: 200, body: "{\"object\": \"page\", \"data\": [", headers: { "content-type": "application/json" } },
      page([bucket("2026-03-01", [result("0.06", "gpt-4o, input")])]),
      json({ object: "page", data: [], has_more: true, next_page: null }),
    );
    const notJson = await failure(costs());
    expect(notJson).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect(notJson.message).toContain("not JSON");
    expect((await failure(costs())).message).toContain("data.0.results.0.amount.value");
    expect((await failure(costs())).message).toContain("has_more is true but next_page is empty");
  });

  it("stops with a clear error on a server that says has_more forever", async () => {
    const endless = Array.from({ length: 10 }, (_, index) => page([bucket("2026-03-01", [])], `page_loop${index}`));
    fake.answerNext(...endless);
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "malformed", retryable: false });
    expect(error.message).toMatch(/still had more after 4 pages for 3 days/);
    expect(fake.requests).toHaveLength(4);
  });

  it("a closed port is a retryable network error", async () => {
    const closed = await startFakeOpenAIAdmin();
    await closed.close();
    const error = await failure(fetchOpenAICosts({ adminKey: closed.adminKey }, window, { baseUrl: closed.url }));
    expect(error).toMatchObject({ kind: "network", status: null, retryable: true });
    expect(error.message).toMatch(/could not be reached \(.*ECONNREFUSED/);
  });

  it("a server that never answers times out as a network error", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const error = await failure(fetchOpenAICosts({ adminKey: "k" }, window, { baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 200 }));
      expect(error).toMatchObject({ kind: "network", retryable: true });
      expect(error.message).toContain("did not answer within 0.2 s");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
