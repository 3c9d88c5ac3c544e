/**
 * The AWS cost connector, through the official SDK, against a fake Cost Explorer on loopback over
 * real HTTP (SigV4-verified): the window, paging, exact amounts, and every way a call can fail,
 * each as the ProviderError kind the sync acts on. Needs no database; the integration project's
 * stack merely runs beside it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchAwsCosts } from "@/lib/connectors/aws/aws-costs.ts";
import { ProviderError } from "@/lib/connectors/provider-costs.ts";
import { awsError, awsErrors, startFakeAwsCostExplorer, type FakeAwsCostExplorer } from "../helpers/fake-aws-cost-explorer.ts";

let fake: FakeAwsCostExplorer;
beforeEach(async () => {
  fake = await startFakeAwsCostExplorer({ pageSize: 2 });
});
afterEach(() => fake.close());

const window = { from: "2026-03-01", to: "2026-03-04" };
const keys = () => ({ accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey });
const costs = (range = window, credentials = keys()) => fetchAwsCosts(credentials, range, { baseUrl: fake.url });
const page = (results: unknown[], next?: string) => ({ status: 200, body: { ResultsByTime: results, NextPageToken: next } });
const day = (start: string, groups: unknown[]) => ({ TimePeriod: { Start: start, End: "2026-03-02" }, Total: {}, Groups: groups, Estimated: true });
const group = (service: string, amount: string, unit = "USD") => ({ Keys: [service], Metrics: { UnblendedCost: { Amount: amount, Unit: unit } } });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => expect.fail("expected the call to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("costs", () => {
  it("returns the window's days only, per service, across pages, with the documented request", async () => {
    fake.addCost("2026-02-28", "Amazon Simple Storage Service", "9");
    fake.addCost("2026-03-01", "Amazon Elastic Compute Cloud - Compute", "12.0375");
    fake.addCost("2026-03-01", "AWS Lambda", "0.0000004");
    fake.addCost("2026-03-01", "Amazon Simple Storage Service", "0.023");
    fake.addCost("2026-03-03", "Tax", "2.41");
    fake.addCost("2026-03-04", "AWS Lambda", "7");

    expect(await costs()).toEqual([
      { day: "2026-03-01", line_item: "AWS Lambda", amount: "0.0000004", currency: "USD" },
      { day: "2026-03-01", line_item: "Amazon Elastic Compute Cloud - Compute", amount: "12.0375", currency: "USD" },
      { day: "2026-03-01", line_item: "Amazon Simple Storage Service", amount: "0.023", currency: "USD" },
      { day: "2026-03-03", line_item: "Tax", amount: "2.41", currency: "USD" },
    ]);

    // Five places (three groups, an empty day, one group) at two a page; 2026-03-01 spans two pages.
    expect(fake.requests).toHaveLength(3);
    const request = { TimePeriod: { Start: "2026-03-01", End: "2026-03-04" }, Granularity: "DAILY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }] };
    expect(fake.requests[0].body).toEqual(request);
    const tokens = fake.requests.slice(1).map((sent) => (sent.body as { NextPageToken?: unknown }).NextPageToken);
    expect(tokens).toEqual([expect.any(String), expect.any(String)]);
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const sent of fake.requests) {
      expect(sent).toMatchObject({ method: "POST", path: "/" });
      expect(sent.headers).toMatchObject({ "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSInsightsIndexService.GetCostAndUsage" });
      // Signed with the given key for Cost Explorer in us-east-1; the fake checked the signature with the secret.
      expect(sent.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${fake.accessKeyId}/\\d{8}/us-east-1/ce/aws4_request, `));
    }
  });

  it("keeps every amount exact: beyond a float's digits, credits, zeros, exponent notation", async () => {
    fake.addCost("2026-03-01", "Amazon Bedrock", "123456789012345.678901234567");
    fake.addCost("2026-03-01", "Amazon CloudFront", "-0.37");
    fake.addCost("2026-03-01", "AWS Key Management Service", "0");
    fake.addCost("2026-03-02", "Amazon DynamoDB", "1.5E-7");
    fake.addCost("2026-03-02", "Amazon Route 53", "2.5000000000");
    fake.addCost("2026-03-02", "Amazon SQS", "3e2");

    expect((await costs()).map((cost) => [cost.line_item, cost.amount])).toEqual([
      ["AWS Key Management Service", "0"],
      ["Amazon Bedrock", "123456789012345.678901234567"],
      ["Amazon CloudFront", "-0.37"],
      ["Amazon DynamoDB", "0.00000015"],
      ["Amazon Route 53", "2.5"],
      ["Amazon SQS", "300"],
    ]);
  });

  it("answers nothing for days without costs, and takes the unit as the currency, upper case", async () => {
    expect(await costs({ from: "2026-03-01", to: "2026-03-03" })).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    fake.answerNext(page([day("2026-03-01", [group("Amazon EC2", "1", "usd")])]));
    expect(await costs()).toEqual([{ day: "2026-03-01", line_item: "Amazon EC2", amount: "1", currency: "USD" }]);
  });

  it("refuses a window that is not whole UTC days before calling AWS", async () => {
    await expect(costs({ from: "2026-03-04", to: "2026-03-01" })).rejects.toThrow(RangeError);
    await expect(costs({ from: "2026-02-30", to: "2026-03-01" })).rejects.toThrow(RangeError);
    await expect(costs({ from: "2026-03-01T00:00:00Z", to: "2026-03-02" })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("failures", () => {
  it("an unknown access key is unauthorized, not retryable, asked once, and says what the key needs", async () => {
    const error = await failure(costs(window, { ...keys(), accessKeyId: "AKIAUNKNOWNKEY000000" }));
    expect(error).toMatchObject({ provider: "aws", kind: "unauthorized", status: 403, retryable: false });
    expect(error.message).toContain("ce:GetCostAndUsage");
    expect(error.message).toContain('AWS says: "The security token included in the request is invalid." (UnrecognizedClientException)');
    expect(fake.requests).toHaveLength(1);
  });

  it("a secret that does not match the key is unauthorized too", async () => {
    const error = await failure(costs(window, { ...keys(), secretAccessKey: "not-the-secret" }));
    expect(error).toMatchObject({ kind: "unauthorized", status: 400, retryable: false });
    expect(error.message).toContain("(InvalidSignatureException)");
  });

  it("access denied is forbidden, whatever the status, and names the IAM permission", async () => {
    fake.answerNext(awsErrors.accessDenied(), awsError(400, "AccessDeniedException", "User not enabled for cost explorer access"));
    const denied = await failure(costs());
    expect(denied).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
    expect(denied.message).toContain("needs the permission ce:GetCostAndUsage");
    expect(denied.message).toContain("is not authorized to perform: ce:GetCostAndUsage");
    const notEnabled = await failure(costs());
    expect(notEnabled).toMatchObject({ kind: "forbidden", status: 400 });
    expect(notEnabled.message).toContain("Cost Explorer must be enabled");
  });

  it("Cost Explorer's rate limit, AWS throttling and a 429 are retryable rate limits", async () => {
    fake.answerNext(awsErrors.limitExceeded(), awsErrors.throttling(), { status: 429, body: "Too Many Requests" });
    const limited = await failure(costs());
    expect(limited).toMatchObject({ kind: "rate_limited", status: 400, retryable: true });
    expect(limited.message).toContain('"Rate limit exceeded" (LimitExceededException)');
    expect(await failure(costs())).toMatchObject({ kind: "rate_limited", status: 400 });
    expect(await failure(costs())).toMatchObject({ kind: "rate_limited", status: 429 });
    expect(fake.requests).toHaveLength(3);
  });

  it("AWS's own failures are retryable, asked once (the SDK does not retry), a proxy's HTML page included", async () => {
    fake.answerNext(awsErrors.internal(), { status: 502, body: "<html><body>Bad Gateway</body></html>" });
    const internal = await failure(costs());
    expect(internal).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    expect(fake.requests).toHaveLength(1);
    const proxied = await failure(costs());
    expect(proxied).toMatchObject({ kind: "unavailable", status: 502, retryable: true });
    expect(proxied.message).not.toContain("AWS says");
  });

  it("data not yet ingested is unavailable, to be tried again later", async () => {
    fake.answerNext(awsErrors.dataUnavailable());
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "unavailable", status: 400, retryable: true });
    expect(error.message).toContain("up to a day");
  });

  it("a request AWS refuses is rejected and not retryable", async () => {
    fake.answerNext(awsErrors.validation("start date is too old for daily granularity, the max supported months is 14"));
    const error = await failure(costs());
    expect(error).toMatchObject({ kind: "rejected", status: 400, retryable: false });
    expect(error.message).toContain("(ValidationException)");
  });

  it("a failure on a later page fails the whole fetch", async () => {
    for (const service of ["A", "B", "C"]) fake.addCost("2026-03-01", service, "1");
    fake.answerNext(page([day("2026-03-01", [group("A", "1")])], "token-1"), awsErrors.limitExceeded());
    expect(await failure(costs())).toMatchObject({ kind: "rate_limited" });
    expect(fake.requests).toHaveLength(2);
  });

  it("an answer that is not JSON, or not the documented shape, is malformed", async () => {
    fake.answerNext(
      { status: 200, body: "{\"ResultsByTime\": [" },
      page([day("2026-03-01", [{ Keys: ["Amazon EC2"], Metrics: { BlendedCost: { Amount: "1", Unit: "USD" } } }])]),
      page([day("2026-03-01", [group("Amazon EC2", "1,5")])]),
      page([day("2026-03-01", [group("Amazon EC2", "1", "Dollars")])]),
      { status: 200, body: {} },
    );
    const notJson = await failure(costs());
    expect(notJson).toMatchObject({ kind: "malformed", status: null, retryable: false });
    expect(notJson.message).toContain("not JSON");
    expect((await failure(costs())).message).toContain("ResultsByTime.0.Groups.0.Metrics.UnblendedCost");
    expect((await failure(costs())).message).toContain('amount "1,5" is not a decimal number');
    expect((await failure(costs())).message).toContain('unit "Dollars" is not a currency code');
    expect((await failure(costs())).message).toContain("ResultsByTime");
  });

  it("a page token that comes back twice is malformed rather than an endless loop", async () => {
    fake.answerNext(page([], "same"), page([], "same"));
    expect((await failure(costs())).message).toContain("a page token came back twice");
    expect(fake.requests).toHaveLength(2);
  });

  it("a closed port is a retryable network error", async () => {
    const closed = await startFakeAwsCostExplorer();
    await closed.close();
    const error = await failure(fetchAwsCosts({ accessKeyId: closed.accessKeyId, secretAccessKey: closed.secretAccessKey }, window, { baseUrl: closed.url }));
    expect(error).toMatchObject({ kind: "network", status: null, retryable: true });
    expect(error.message).toMatch(/could not be reached \(.*ECONNREFUSED/);
  });

  it("a server that never answers times out as a network error", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const error = await failure(fetchAwsCosts(keys(), window, { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }));
      expect(error).toMatchObject({ kind: "network", retryable: true });
      expect(error.message).toContain("did not answer within 0.2 s");
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
