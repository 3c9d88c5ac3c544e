/**
 * A stand-in for AWS Cost Explorer on loopback, for lib/connectors/aws through the official SDK
 * (its `endpoint`). It serves the one call Spendguard makes, as AWS documents it and the SDK sends
 * it (AWS JSON 1.1): `POST /` with `content-type: application/x-amz-json-1.1` and
 * `X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage`, answering daily UnblendedCost grouped by
 * SERVICE for the seeded costs, every day of [Start, End) in order, services by name.
 * - Pages hold `pageSize` groups (AWS documents no page size; a small one makes tests page). A day
 *   may be split across two pages, as Cost Explorer does. Page tokens are opaque; one from another
 *   request is a RequestChangedException, an unknown one an InvalidNextTokenException.
 * - Authentication is verified in full (SigV4: canonical request, string to sign, signing key from
 *   the fake's secret, 15 minutes of clock skew allowed): no or a garbled Authorization header is a
 *   MissingAuthenticationTokenException, another access key an UnrecognizedClientException, a
 *   wrong signature an InvalidSignatureException.
 * - Errors are AWS JSON errors, `{ "__type": "...", "message": "..." }`. The HTTP statuses follow
 *   AWS's common-errors page (docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html);
 *   Cost Explorer's own errors are client errors without a status of their own, hence 400.
 * Tests seed costs, queue answers (served after the authentication check) and read every request.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeAnswer } from "./fake-resend.ts";

export type CostExplorerRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; the raw text when it was not JSON. */
  body: unknown;
};

export type FakeAwsCostExplorer = {
  /** The endpoint to give the SDK: `http://127.0.0.1:<port>`. */
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Groups per page. */
  readonly pageSize: number;
  /** Every request received, oldest first. */
  requests: CostExplorerRequest[];
  /** Seeds (or replaces) a service's unblended cost on a UTC day; the amount is sent exactly as given. */
  addCost(day: string, service: string, amount: string): void;
  /** The next authenticated requests get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
};

export function awsError(status: number, type: string, message: string): FakeAnswer {
  return { status, body: { __type: type, message } };
}

/** Errors as AWS words them. The authentication ones come from AWS's front end, namespaced as such. */
export const awsErrors = {
  missingToken: () => awsError(403, "com.amazon.coral.service#MissingAuthenticationTokenException", "Missing Authentication Token"),
  unrecognizedClient: () => awsError(403, "com.amazon.coral.service#UnrecognizedClientException", "The security token included in the request is invalid."),
  invalidSignature: (detail = "") => awsError(400, "com.amazon.coral.service#InvalidSignatureException",
    detail || "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
  accessDenied: (message = "User: arn:aws:iam::123456789012:user/spendguard is not authorized to perform: ce:GetCostAndUsage on resource: arn:aws:ce:us-east-1:123456789012:/GetCostAndUsage") =>
    awsError(403, "com.amazon.coral.service#AccessDeniedException", message),
  limitExceeded: () => awsError(400, "LimitExceededException", "Rate limit exceeded"),
  throttling: () => awsError(400, "ThrottlingException", "Rate exceeded"),
  dataUnavailable: () => awsError(400, "DataUnavailableException", "Data is not available. Please try to adjust the time period. If just enabled Cost Explorer, data might not be ingested yet"),
  validation: (message: string) => awsError(400, "ValidationException", message),
  internal: () => awsError(500, "com.amazon.coral.service#InternalFailure", "An internal error has occurred."),
  unknownOperation: () => awsError(404, "com.amazon.coral.service#UnknownOperationException", "The requested operation is not recognized by the service."),
};

const TARGET = "AWSInsightsIndexService.GetCostAndUsage";
const CONTENT_TYPE = "application/x-amz-json-1.1";
const METRIC = "UnblendedCost";
const MAX_SKEW_MS = 15 * 60 * 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const header = (headers: IncomingHttpHeaders, name: string) => [headers[name]].flat().join(",");

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** `20260105T101500Z` → milliseconds. */
function amzDateMs(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : Number.NaN;
}

type Unit = { day: string; group?: { service: string; amount: string } };

type CostRequest = {
  TimePeriod: { Start: string; End: string };
  Granularity: string;
  Metrics: string[];
  GroupBy: { Type: string; Key: string }[];
  NextPageToken?: string;
};

function isCostRequest(body: unknown): body is CostRequest {
  if (typeof body !== "object" || body === null) return false;
  const request = body as Partial<CostRequest>;
  return typeof request.TimePeriod?.Start === "string" && typeof request.TimePeriod.End === "string"
    && typeof request.Granularity === "string" && Array.isArray(request.Metrics) && Array.isArray(request.GroupBy);
}

/** `port`: a fixed one, for a stack told the endpoint before the fake started (0: any free port). */
export async function startFakeAwsCostExplorer(options: { accessKeyId?: string; secretAccessKey?: string; pageSize?: number; port?: number } = {}): Promise<FakeAwsCostExplorer> {
  const accessKeyId = options.accessKeyId ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(30).toString("base64");
  const costs = new Map<string, Map<string, string>>();
  const requests: CostExplorerRequest[] = [];
  const queued: FakeAnswer[] = [];
  const tokens = new Map<string, { offset: number; query: string }>();
  const pageSize = options.pageSize ?? 3;

  /** SigV4 as AWS checks it (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html); null when it holds. */
  function authenticate(method: string, path: string, headers: IncomingHttpHeaders, raw: string): FakeAnswer | null {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/
      .exec(header(headers, "authorization"));
    if (!auth) return awsErrors.missingToken();
    const [, keyId, date, region, service, signedHeaders, signature] = auth;
    if (keyId !== accessKeyId) return awsErrors.unrecognizedClient();
    const amzDate = header(headers, "x-amz-date");
    const names = signedHeaders.split(";");
    if (service !== "ce") return awsErrors.invalidSignature(`Credential should be scoped to correct service: 'ce'.`);
    if (!amzDate.startsWith(date) || !names.includes("host") || !names.includes("x-amz-date")) return awsErrors.invalidSignature();
    // Negated so that an unreadable date (NaN) fails too.
    if (!(Math.abs(Date.now() - amzDateMs(amzDate)) <= MAX_SKEW_MS)) return awsErrors.invalidSignature(`Signature expired: ${amzDate} is outside the allowed 15 minutes.`);
    const canonicalHeaders = names.map((name) => `${name}:${header(headers, name).trim().replace(/\s+/g, " ")}\n`).join("");
    const canonicalRequest = [method, path, "", canonicalHeaders, signedHeaders, sha256(raw)].join("\n");
    const scope = `${date}/${region}/${service}/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
    const expected = hmac(signingKey, stringToSign);
    return timingSafeEqual(expected, Buffer.from(signature, "hex")) ? null : awsErrors.invalidSignature();
  }

  function getCostAndUsage(request: CostRequest): FakeAnswer {
    const { Start, End } = request.TimePeriod;
    if (!DAY.test(Start) || !DAY.test(End)) return awsErrors.validation("Start and End must be dates like 2026-01-05.");
    if (Start >= End) return awsErrors.validation("Start date (and hour) should be before end date (and hour)");
    const groupBy = request.GroupBy;
    if (request.Granularity !== "DAILY" || request.Metrics.join() !== METRIC || groupBy.length !== 1 || groupBy[0].Type !== "DIMENSION" || groupBy[0].Key !== "SERVICE") {
      return awsErrors.validation("The fake serves DAILY UnblendedCost grouped by the SERVICE dimension only.");
    }

    const { NextPageToken: token, ...rest } = request;
    const query = JSON.stringify(rest);
    let offset = 0;
    if (token !== undefined) {
      const earlier = tokens.get(token);
      if (!earlier) return awsError(400, "InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.");
      if (earlier.query !== query) return awsError(400, "RequestChangedException", "Your request parameters changed between pages. Try again with the old parameters or without a pagination token.");
      offset = earlier.offset;
    }

    // A day without costs still has its entry, with no groups; it takes a place on a page like a group.
    const units: Unit[] = [];
    for (let day = Start; day < End; day = nextDay(day)) {
      const services = [...(costs.get(day) ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (services.length === 0) units.push({ day });
      for (const [service, amount] of services) units.push({ day, group: { service, amount } });
    }
    const results: { TimePeriod: { Start: string; End: string }; Total: object; Groups: object[]; Estimated: boolean }[] = [];
    for (const unit of units.slice(offset, offset + pageSize)) {
      if (results.at(-1)?.TimePeriod.Start !== unit.day) results.push({ TimePeriod: { Start: unit.day, End: nextDay(unit.day) }, Total: {}, Groups: [], Estimated: false });
      if (unit.group) results.at(-1)!.Groups.push({ Keys: [unit.group.service], Metrics: { [METRIC]: { Amount: unit.group.amount, Unit: "USD" } } });
    }
    const body: Record<string, unknown> = { GroupDefinitions: groupBy, ResultsByTime: results, DimensionValueAttributes: [] };
    if (offset + pageSize < units.length) {
      const next = randomBytes(12).toString("base64url");
      tokens.set(next, { offset: offset + pageSize, query });
      body.NextPageToken = next;
    }
    return { status: 200, body };
  }

  function answer(method: string, path: string, headers: IncomingHttpHeaders, raw: string, body: unknown): FakeAnswer {
    if (method !== "POST" || path !== "/") return awsErrors.unknownOperation();
    const refusal = authenticate(method, path, headers, raw);
    if (refusal) return refusal;
    const queuedAnswer = queued.shift();
    if (queuedAnswer) return queuedAnswer;
    if (header(headers, "x-amz-target") !== TARGET) return awsErrors.unknownOperation();
    if (header(headers, "content-type") !== CONTENT_TYPE) return awsError(400, "SerializationException", `Expected content-type ${CONTENT_TYPE}.`);
    if (!isCostRequest(body)) return awsErrors.validation("TimePeriod, Granularity, Metrics and GroupBy are required.");
    return getCostAndUsage(body);
  }

  const server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text: the test sees exactly what arrived.
    }
    const method = request.method ?? "";
    const path = request.url ?? "/";
    requests.push({ method, path, headers: request.headers, body });
    const reply = answer(method, path, request.headers, raw, body);
    // A string body goes out as is, like an error page from a proxy in front of AWS.
    const text = typeof reply.body === "string";
    response.writeHead(reply.status, {
      "content-type": text ? "text/html" : CONTENT_TYPE,
      "x-amzn-requestid": randomBytes(16).toString("hex"),
      ...reply.headers,
    });
    response.end(text ? reply.body : JSON.stringify(reply.body));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey,
    pageSize,
    requests,
    addCost(day, service, amount) {
      if (!DAY.test(day)) throw new RangeError(`not a day: ${day}`);
      costs.set(day, (costs.get(day) ?? new Map<string, string>()).set(service, amount));
    },
    answerNext: (...answers) => void queued.push(...answers),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
