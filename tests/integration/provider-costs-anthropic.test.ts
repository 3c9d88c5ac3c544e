/**
 * The Anthropic cost connector against a fake Admin API cost report on loopback, over real HTTP:
 * the window, the paging cursor, cents turned into dollars exactly, line items, and every way a
 * call can fail, each as the ProviderError kind the sync acts on. Needs no database; the
 * integration project's stack merely runs beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANTHROPIC_API_BASE, fetchAnthropicCosts } from "@/lib/connectors/anthropic/anthropic-costs.ts";
import { ProviderError } from "@/lib/connectors/provider-costs.ts";
import { anthropicError, anthropicErrors, startFakeAnthropicAdmin, type FakeAnthropicAdmin } from "../helpers/fake-anthropic-admin.ts";

let fake: FakeAnthropicAdmin;
beforeEach(async () => {
  fake = await startFakeAnthropicAdmin();
});
afterEach(() => fake.close());

const window = { from: "2026-03-01", to: "2026-03-04" };
const costs = (range = window, key = fake.adminKey) => fetchAnthropicCosts({ adminKey: key }, range, { baseUrl: fake.url });
const json = (body: unknown) => ({ status: 200, body });
const bucket = (day: string, results: unknown[]) => ({ starting_at: `${day}T00:00:00Z`, ending_at: "", results });
const report = (data: unknown[], next: string | null = null) => json({ data, has_more: next !== null, next_page: next });
const sonnet = { model: "claude-sonnet-4-20250514", cost_type: "tokens", context_window: "0-200k", service_tier: "standard" };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => expect.fail("expected the call to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("costs", () => {
  it("returns the window's days only, in dollars, with the admin key, the version header and the documented query", async () => {
    fake.addCost({ day: "2026-02-28", amount: "900", description: "Claude Sonnet 4 Usage - Input Tokens", ...sonnet });
    fake.addCost({ day: "2026-03-01", amount: "123.78912", description: "Claude Sonnet 4 Usage - Input Tokens", ...sonnet, token_type: "uncached_input_tokens" });
    fake.addCost({ day: "2026-03-03", amount: "1", description: "Web Search Usage", cost_type: "web_search" });
    fake.addCost({ day: "2026-03-04", amount: "700", description: "Claude Sonnet 4 Usage - Input Tokens", ...sonnet });

    expect(await costs()).toEqual([
      { day: "2026-03-01", line_item: "claude-sonnet-4-20250514", amount: "1.2378912", currency: "USD" },
      { day: "2026-03-03", line_item: "Web Search Usage", amount: "0.01", currency: "USD" },
    ]);
    const [first] = fake.requests;
    expect(first).toMatchObject({ method: "GET", path: "/v1/organizations/cost_report" });
    expect(first.headers).toMatchObject({ "x-api-key": fake.adminKey, "anthropic-version": "2023-06-01", accept: "application/json" });
    expect(Object.fromEntries(first.search)).toEqual({
      starting_at: "2026-03-01T00:00:00Z", ending_at: "2026-03-04T00:00:00Z", bucket_width: "1d", limit: "3", "group_by[]": "description",
    });
  });

  it("follows next_page across pages until has_more is false", async () => {
    const days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"];
    days.forEach((day, index) => fake.addCost({ day, amount: `${index + 1}00`, description: "Claude Haiku Usage - Output Tokens", model: "claude-3-5-haiku" }));

    const result = await costs({ from: "2026-03-01", to: "2026-03-06" });

    expect(result.map((cost) => [cost.day, cost.amount])).toEqual(days.map((day, index) => [day, String(index + 1)]));
    // Two buckets a page: three requests, each after the first carrying the cursor it was given.
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0].search.has("page")).toBe(false);
    expect(fake.requests.slice(1).map((request) => atob(request.search.get("page")!.slice(5)))).toEqual(["2026-03-03T00:00:00Z", "2026-03-05T00:00:00Z"]);
  });

  it("sums a model's token lines exactly, and names other costs by description, then cost type", async () => {
    fake.addCost({ day: "2026-03-02", amount: "0.1", description: "Claude Sonnet 4 Usage - Input Tokens", ...sonnet });
    fake.addCost({ day: "2026-03-02", amount: "0.2", description: "Claude Sonnet 4 Usage - Output Tokens", ...sonnet });
    fake.addCost({ day: "2026-03-02", amount: "30.25", description: "Claude Sonnet 4 Usage - Cache Read", ...sonnet });
    expect(await costs()).toEqual([{ day: "2026-03-02", line_item: "claude-sonnet-4-20250514", amount: "0.3055", currency: "USD" }]);

    fake.answerNext(report([bucket("2026-03-02", [
      { amount: "0.1", currency: "USD", description: null, model: null, cost_type: "code_execution" },
      { amount: "0.2", currency: "usd", description: null, model: null, cost_type: "code_execution" },
      { amount: "-50", currency: "USD", description: null, model: null, cost_type: null },
    ])]));
    expect(await costs()).toEqual([
      { day: "2026-03-02", line_item: "code_execution", amount: "0.003", currency: "USD" },
      { day: "2026-03-02", line_item: "unspecified", amount: "-0.5", currency: "USD" },
    ]);
  });

  it("drops buckets outside the window, and refuses one that does not start at a UTC midnight", async () => {
    const line = (amount: string) => ({ amount, currency: "USD", description: "Usage", model: null, cost_type: "tokens" });
    fake.answerNext(report([bucket("2026-02-28", [line("300")]), bucket("2026-03-01", [line("100")]), bucket("2026-03-04", [line("300")])]));
    expect(await costs()).toEqual([{ day: "2026-03-01", line_item: "Usage", amount: "1", currency: "USD" }]);

    fake.answerNext(report([{ starting_at: "2026-03-01T05:00:00Z", ending_at: "2026-03-02T05:00:00Z", results: [] }]));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "malformed", provider: "anthropic", retryable: false });
    expect(error.message).toContain("not at a UTC midnight");
  });

  it("refuses a currency whose lowest unit it does not know rather than guess", async () => {
    fake.answerNext(report([bucket("2026-03-01", [{ amount: "100", currency: "JPY", description: "Usage", model: null, cost_type: "tokens" }])]));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "malformed", retryable: false });
    expect(error.message).toContain('"JPY"');
  });

  it("refuses a window that is not whole days in order, before calling Anthropic", async () => {
    await expect(costs({ from: "2026-03-04", to: "2026-03-01" })).rejects.toThrow(RangeError);
    await expect(costs({ from: "2026-3-1", to: "2026-03-04" })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("calls api.anthropic.com by default", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ data: [], has_more: false, next_page: null }));
    };
    expect(await fetchAnthropicCosts({ adminKey: "sk-ant-admin01-x" }, window, { fetch: recording })).toEqual([]);
    expect(ANTHROPIC_API_BASE).toBe("https://api.anthropic.com/v1");
    expect(urls[0]).toMatch(/^https:\/\/api\.anthropic\.com\/v1\/organizations\/cost_report\?starting_at=/);
  });
});

describe("failures", () => {
  it("a wrong key is unauthorized, not retryable, says how to fix it and quotes Anthropic", async () => {
    const error = await failure(costs(window, "sk-ant-admin01-not-the-key"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, retryable: false, retryAfterSeconds: undefined });
    expect(error.message).toContain("Admin API key (sk-ant-admin…)");
    expect(error.message).toContain('Anthropic says: "invalid x-api-key" (authentication_error)');
  });

  it("a key without permission is forbidden", async () => {
    fake.answerNext(anthropicErrors.forbidden());
    expect(await failure(costs())).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
  });

  it("a rate limit is retryable after Anthropic's retry-after", async () => {
    fake.answerNext(anthropicErrors.rateLimited(12));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryable: true, retryAfterSeconds: 12 });
    expect(error.message).toContain("try again in 12 s");
  });

  it("Anthropic's own failures and overload are retryable, a proxy's HTML page included", async () => {
    fake.answerNext(anthropicErrors.internal(), anthropicErrors.overloaded(), { status: 503, body: "<html>Service Unavailable</html>" });
    expect(await failure(costs())).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    const overloaded = await failure(costs());
    expect(overloaded).toMatchObject({ kind: "unavailable", status: 529, retryable: true });
    expect(overloaded.message).toContain('"Overloaded" (overloaded_error)');
    const proxied = await failure(costs());
    expect(proxied).toMatchObject({ kind: "unavailable", status: 503 });
    expect(proxied.message).not.toContain("Anthropic says");
  });

  it("any other refusal is rejected, with Anthropic's words", async () => {
    fake.answerNext(anthropicError(400, "invalid_request_error", "limit: must be between 1 and 31"));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "rejected", status: 400, retryable: false });
    expect(error.message).toContain("limit: must be between 1 and 31");
  });

  it("an answer that is not JSON, or not the documented shape, is malformed", async () => {
    fake.answerNext(
      { status: 200, body: "{\"data\": [", headers: { "content-type": "application/json" } },
      report([bucket("2026-03-01", [{ amount: 1.5, currency: "USD", description: "Usage", model: null, cost_type: "tokens" }])]),
      report([bucket("2026-03-01", [{ amount: "1e3", currency: "USD", description: "Usage", model: null, cost_type: "tokens" }])]),
      json({ data: [], has_more: true, next_page: null }),
    );
    const notJson = await failure(costs());
    expect(notJson).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect(notJson.message).toContain("not JSON");
    expect((await failure(costs())).message).toContain("data.0.results.0.amount");
    expect((await failure(costs())).message).toContain("data.0.results.0.amount");
    expect((await failure(costs())).message).toContain("has_more is true but next_page is empty");
  });

  it("stops with a clear error on a server that says has_more forever", async () => {
    fake.answerNext(...Array.from({ length: 10 }, () => report([bucket("2026-03-01", [])], "page_MjAyNi0wMy0wMVQwMDowMDowMFo=")));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "malformed", retryable: false });
    expect(error.message).toMatch(/still had more after 4 pages for 3 days/);
    expect(fake.requests).toHaveLength(4);
  });

  it("a closed port is a retryable network error", async () => {
    const closed = await startFakeAnthropicAdmin();
    await closed.close();
    const error = await failure(fetchAnthropicCosts({ adminKey: closed.adminKey }, window, { baseUrl: closed.url }));
    expect(error).toMatchObject({ kind: "network", status: null, retryable: true });
    expect(error.message).toMatch(/could not be reached \(.*ECONNREFUSED/);
  });
});
