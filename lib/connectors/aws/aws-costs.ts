/**
 * What AWS billed, per UTC day and service, from Cost Explorer's GetCostAndUsage — through the
 * official SDK (@aws-sdk/client-cost-explorer), which signs with SigV4 and speaks the AWS JSON 1.1
 * protocol: `POST /`, `content-type: application/x-amz-json-1.1`,
 * `X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage`.
 *
 * Checked against:
 * - the operation, its request, answer and own errors:
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html
 *   (TimePeriod.End is exclusive; with GroupBy, each day's figures are in `Groups`, `Total` stays empty)
 * - MetricValue.Amount, documented only as "Type: String":
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_MetricValue.html
 * - the endpoint, https://ce.us-east-1.amazonaws.com whatever the account's region:
 *   https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/ce-api.html — and the SDK's own
 *   endpoint rules agree: every commercial region resolves to ce.us-east-1.amazonaws.com, signed for
 *   us-east-1; a China region to ce.cn-northwest-1.amazonaws.com.cn. The region given here only
 *   picks that partition.
 * - the protocol: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html, and the service
 *   target in the SDK's dist-es/runtimeConfig.shared.js (serviceTarget "AWSInsightsIndexService").
 * - errors common to AWS services (names and HTTP statuses):
 *   https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html
 *
 * Each page requested is billed to the customer's AWS account (AWS Cost Management pricing:
 * $0.01 per request), so the SDK's own retries are off and the sync decides when to ask again.
 * Runs under Node and Deno (the sync-connectors edge function): relative imports only.
 */
import { CostExplorerClient, CostExplorerServiceException, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { z } from "zod";
import { formatDecimal, parseDecimal, scaleByPowerOfTen } from "../../core/money.ts";
import { ProviderError, type DailyCost, type DayWindow, type ProviderErrorKind, type ProviderOptions } from "../provider-costs.ts";

export type AwsCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  /** Chooses the AWS partition only (see above); us-east-1 when absent. */
  region?: string;
};

const PROVIDER = "aws";
const DEFAULT_REGION = "us-east-1";
/** Per page, reading the answer included. Cost Explorer aggregates on demand and can take seconds. */
const DEFAULT_TIMEOUT_MS = 30_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERMISSION = "ce:GetCostAndUsage";

/*
 * Why UnblendedCost: it is each charge on the day AWS charged it, at the rate charged — AWS calls
 * it the cash-based view (https://docs.aws.amazon.com/cost-management/latest/userguide/ce-chart.html).
 * That is the figure to set beside Spendguard's own pricing of the same day's usage.
 * - AmortizedCost spreads upfront Reserved Instance and Savings Plans fees over the term, an
 *   accrual view (https://docs.aws.amazon.com/cur/latest/userguide/amortized-reservation.html):
 *   days would carry fees that were not billed on them.
 * - NetUnblendedCost folds negotiated discounts (EDP, private pricing) into each service's figure
 *   (https://aws.amazon.com/blogs/aws-cloud-financial-management/understanding-your-aws-cost-datasets-a-cheat-sheet/);
 *   with UnblendedCost they stay lines of their own, so a discount reads as a discount rather
 *   than as a mismatch on every service.
 * Credits and refunds are included, as negative amounts, like on the bill.
 */
const METRIC = "UnblendedCost";

const metricSchema = z.object({ Amount: z.string(), Unit: z.string() });
const pageSchema = z.object({
  NextPageToken: z.string().optional(),
  ResultsByTime: z.array(z.object({
    TimePeriod: z.object({ Start: z.string().regex(DAY) }),
    // One GroupBy key, so one key per group: the service's name.
    Groups: z.array(z.object({ Keys: z.array(z.string().min(1)).length(1), Metrics: z.object({ [METRIC]: metricSchema }) })).default([]),
  })),
});

/**
 * Amount is documented only as a string. Plain decimals are what Cost Explorer sends for sums like
 * "12.0375"; exponent notation ("1.5E-7", as a Java BigDecimal prints tiny values) is read too, in
 * case it ever comes, exactly — never through a float. Equal values get one form ("2.50" → "2.5").
 */
const AMOUNT = /^(-?\d+(?:\.\d+)?)(?:[eE]([+-]?\d{1,3}))?$/;
function exactAmount(text: string): string | null {
  const match = AMOUNT.exec(text);
  if (!match) return null;
  return formatDecimal(scaleByPowerOfTen(parseDecimal(match[1]), Number(match[2] ?? "0")));
}

function requireWindow(window: DayWindow): void {
  for (const day of [window.from, window.to]) {
    if (!DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new RangeError(`not a UTC day (YYYY-MM-DD): ${JSON.stringify(day)}`);
    }
  }
  if (window.from >= window.to) throw new RangeError(`empty window: from ${window.from} is not before to ${window.to}`);
}

const UNAUTHORIZED = new Set(["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "MissingAuthenticationTokenException"]);
const RATE_LIMITED = new Set(["LimitExceededException", "ThrottlingException", "TooManyRequestsException"]);

function kindOf(name: string, status: number | undefined): ProviderErrorKind {
  if (UNAUTHORIZED.has(name)) return "unauthorized";
  if (name === "AccessDeniedException") return "forbidden";
  if (RATE_LIMITED.has(name)) return "rate_limited";
  // Chosen over "rejected": AWS says this while a newly enabled Cost Explorer is still ingesting
  // data (up to a day; https://github.com/intuit/costBuddy/issues/5), which heals by itself.
  if (name === "DataUnavailableException") return "unavailable";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status !== undefined && status >= 500) return "unavailable";
  return "rejected";
}

function adviceFor(kind: ProviderErrorKind, name: string): string {
  switch (kind) {
    case "unauthorized":
      return "AWS refused the access key: the access key ID may be mistyped, deactivated or deleted, or the secret access key "
        + `may not belong to it. Create an access key for an IAM user whose policy allows ${PERMISSION}.`;
    case "forbidden":
      // "User not enabled for cost explorer access" is also an AccessDeniedException
      // (https://github.com/aws-samples/aws-cost-explorer-report/issues/15).
      return `AWS denied access: the IAM user needs the permission ${PERMISSION}, and Cost Explorer must be enabled for the `
        + "account (Billing and Cost Management console → Cost Explorer; in an organization, by the management account).";
    case "rate_limited":
      return "Cost Explorer is limiting requests from this account: try again in a minute.";
    case "unavailable":
      return name === "DataUnavailableException"
        ? "Cost Explorer has no data for this period yet: after Cost Explorer is enabled, AWS takes up to a day to prepare it. Try again later."
        : "Cost Explorer failed on its side: try again later.";
    case "not_found":
      return "Nothing answers GetCostAndUsage at this address.";
    default:
      return "Cost Explorer refused the request.";
  }
}

function refusal(kind: ProviderErrorKind, name: string, status: number | undefined, said: string, cause: unknown): ProviderError {
  const answered = status === undefined ? "" : ` (HTTP ${status})`;
  return new ProviderError(PROVIDER, kind, `Could not read AWS costs${answered}. ${adviceFor(kind, name)}${said}`, { status, cause });
}

function fromServiceError(error: CostExplorerServiceException): ProviderError {
  const status = error.$metadata.httpStatusCode;
  // A JSON error body without a message leaves the SDK nothing to quote but its placeholder.
  const said = error.message && error.message !== "UnknownError" ? ` AWS says: "${error.message}" (${error.name}).` : "";
  return refusal(kindOf(error.name, status), error.name, status, said, error);
}

function malformed(problem: string, cause?: unknown): ProviderError {
  return new ProviderError(PROVIDER, "malformed", `Could not read AWS costs: Cost Explorer's answer is not what its API documents (${problem}).`, { cause });
}

/** The HTTP status the SDK attached to a failure, when an answer arrived at all. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("$metadata" in error)) return undefined;
  const metadata = error.$metadata;
  return typeof metadata === "object" && metadata !== null && "httpStatusCode" in metadata && typeof metadata.httpStatusCode === "number"
    ? metadata.httpStatusCode
    : undefined;
}

/**
 * The SDK's other failures. A body it could not parse comes as a plain error carrying the status:
 * on an error status it is a page from something in front of AWS (a proxy's HTML 502), judged by
 * the status alone; on a success status, a malformed answer. Without a status, nothing answered.
 */
function fromOtherError(error: unknown, signal: AbortSignal, where: string, timeoutMs: number): ProviderError {
  if (signal.aborted) {
    return new ProviderError(PROVIDER, "network", `Could not read AWS costs: Cost Explorer${where} did not answer within ${timeoutMs / 1000} s. Try again later.`, { cause: error });
  }
  const status = statusOf(error);
  if (status !== undefined && (status < 200 || status > 299)) return refusal(kindOf("", status), "", status, "", error);
  if (status !== undefined) return malformed("not JSON", error);
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return new ProviderError(PROVIDER, "network", `Could not read AWS costs: Cost Explorer${where} could not be reached (${reason}). Try again later.`, { cause: error });
}

function readPage(body: unknown): { costs: DailyCost[]; nextPageToken: string | undefined } {
  const parsed = pageSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformed(`${issue.path.join(".") || "the body"}: ${issue.message}`, parsed.error);
  }
  const costs: DailyCost[] = [];
  for (const result of parsed.data.ResultsByTime) {
    // Zero amounts are kept (AWS lists e.g. free-tier usage at 0): "billed nothing" for usage
    // Spendguard priced is a finding of reconciliation, not noise.
    for (const group of result.Groups) {
      const { Amount, Unit } = group.Metrics[METRIC];
      const amount = exactAmount(Amount);
      if (amount === null) throw malformed(`amount ${JSON.stringify(Amount)} is not a decimal number`);
      const currency = Unit.toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) throw malformed(`unit ${JSON.stringify(Unit)} is not a currency code`);
      costs.push({ day: result.TimePeriod.Start, line_item: group.Keys[0], amount, currency });
    }
  }
  return { costs, nextPageToken: parsed.data.NextPageToken || undefined };
}

/**
 * Every service's unblended cost for each UTC day of the window, across all pages, in the order
 * Cost Explorer gives them (by day). Cost Explorer marks the latest days as estimated and may
 * still change them: fetch a window again to pick up the final figures.
 * Throws RangeError for a window that is not whole UTC days, ProviderError for every failure.
 * `options.baseUrl` replaces the endpoint (tests); `options.fetch` is not used: the SDK sends.
 */
export async function fetchAwsCosts(credentials: AwsCredentials, window: DayWindow, options: ProviderOptions = {}): Promise<DailyCost[]> {
  requireWindow(window);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const region = credentials.region ?? DEFAULT_REGION;
  const where = options.baseUrl ? ` (${new URL(options.baseUrl).host})` : "";
  const client = new CostExplorerClient({
    region,
    endpoint: options.baseUrl,
    // Given outright, so neither the environment nor a profile on the machine is ever consulted.
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    // Pinned, or the SDK would take them from AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT and
    // AWS_ENDPOINT_URL(_COST_EXPLORER) or ~/.aws/config: the last would send a customer's keys
    // wherever the server's environment points (checked: it does, without this flag).
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    ignoreConfiguredEndpointUrls: true,
    // One attempt per page: the sync owns retries, and each attempt is a billed request.
    maxAttempts: 1,
  });
  const costs: DailyCost[] = [];
  const seenTokens = new Set<string>();
  let nextPageToken: string | undefined;
  try {
    do {
      const signal = AbortSignal.timeout(timeoutMs);
      let answer: unknown;
      try {
        answer = await client.send(new GetCostAndUsageCommand({
          TimePeriod: { Start: window.from, End: window.to },
          Granularity: "DAILY",
          Metrics: [METRIC],
          GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
          NextPageToken: nextPageToken,
        }), { abortSignal: signal });
      } catch (error) {
        throw error instanceof CostExplorerServiceException ? fromServiceError(error) : fromOtherError(error, signal, where, timeoutMs);
      }
      const page = readPage(answer);
      costs.push(...page.costs);
      nextPageToken = page.nextPageToken;
      if (nextPageToken !== undefined && seenTokens.has(nextPageToken)) throw malformed("a page token came back twice, so the pages would never end");
      if (nextPageToken !== undefined) seenTokens.add(nextPageToken);
    } while (nextPageToken !== undefined);
  } finally {
    client.destroy();
  }
  return costs;
}
