/**
 * The three Make API v2 calls Spendguard needs to stop and restart a customer's scenarios: list a
 * team's scenarios, stop one, start one (developers.make.com, API reference → Scenarios).
 *
 * Runs under Node and Deno (an edge function imports it): only fetch, zod, and relative imports.
 * Every failure is a MakeApiError whose kind tells the caller what to do next (retry, or ask the
 * customer to fix the token), and whose message says it in plain words, with Make's own words
 * when it gave any.
 */
import { z } from "zod";
import { parseRetryAfter } from "../../delivery/retry-after.ts";

export const MAKE_ZONES = ["eu1", "eu2", "us1", "us2"] as const;
export type MakeZone = (typeof MAKE_ZONES)[number];

/** What a Make connector stores besides its token (connectors.settings): its zone and team. */
export const makeSettingsSchema = z.object({ zone: z.enum(MAKE_ZONES), team_id: z.number().int().positive() });
export type MakeSettings = z.output<typeof makeSettingsSchema>;

export function makeBaseUrl(zone: MakeZone): string {
  return `https://${zone}.make.com/api/v2`;
}

/** The scenario fields Spendguard uses; Make sends many more. */
export type MakeScenario = {
  id: number;
  name: string;
  teamId: number;
  /** "" when Make has none. */
  description: string;
  isActive: boolean;
  /** Make pauses a scenario by itself, e.g. when the team runs out of operations. */
  isPaused: boolean;
};

/** One day of a scenario's usage, as Make counts it in the organization's time zone. */
export type MakeDailyUsage = { date: string; operations: number; centicredits: number };

export type MakeApi = {
  /** Every scenario of the team, across all pages. */
  listScenarios(teamId: number): Promise<MakeScenario[]>;
  stopScenario(id: number): Promise<{ id: number; isActive: boolean }>;
  startScenario(id: number): Promise<{ id: number; isActive: boolean }>;
  /**
   * The scenario's operations and centicredits per day over the past 30 days
   * (`GET /scenarios/{id}/usage?organizationTimezone=true`: days cut in the organization's time
   * zone rather than the token owner's). Make may leave out centicredits on plans billed in
   * operations: 100 centicredits per operation is Make's documented equivalence, used then.
   */
  scenarioUsage(id: number): Promise<MakeDailyUsage[]>;
};

export type MakeApiOptions = {
  token: string;
  /** The zone's `https://…/api/v2` (makeBaseUrl), or a fake's. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request, reading the answer included. */
  timeoutMs?: number;
};

export type MakeApiErrorKind =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "unavailable"
  /** Any other 4xx: Make understood the request and refused it (e.g. a scenario that cannot start). */
  | "rejected"
  | "malformed"
  | "network";

const RETRYABLE: ReadonlySet<MakeApiErrorKind> = new Set(["rate_limited", "unavailable", "network"]);

export class MakeApiError extends Error {
  override readonly name = "MakeApiError";
  readonly kind: MakeApiErrorKind;
  /** HTTP status from Make; null when no answer arrived or the answer was not an error. */
  readonly status: number | null;
  readonly retryAfterSeconds: number | undefined;
  /** Make's own error code, e.g. "SC403". */
  readonly makeCode: string | undefined;

  constructor(
    message: string,
    details: { kind: MakeApiErrorKind; status: number | null; retryAfterSeconds?: number; makeCode?: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.kind = details.kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.makeCode = details.makeCode;
  }

  /** True when the same call may succeed later by itself. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

const PAGE_SIZE = 100;
/** 5,000 scenarios is far beyond any team we expect; past it a server answering full pages forever is assumed. */
const MAX_PAGES = 50;
const DEFAULT_TIMEOUT_MS = 10_000;

const scenarioSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  teamId: z.number().int(),
  description: z.string().nullish().transform((description) => description ?? ""),
  isActive: z.boolean(),
  isPaused: z.boolean().default(false),
});
const pageSchema = z.object({ scenarios: z.array(scenarioSchema) });
const toggledSchema = z.object({ scenario: z.object({ id: z.number().int(), isActive: z.boolean() }) });
const usageSchema = z.object({
  data: z.array(z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "expected a date like 2026-03-01"),
    operations: z.number().int().nonnegative(),
    centicredits: z.number().int().nonnegative().optional(),
  })),
});
/** Make's one error schema; every field optional, since a proxy in front of Make may answer instead. */
const errorBodySchema = z.object({ message: z.string().optional(), detail: z.string().optional(), code: z.string().optional() });

function adviceFor(kind: MakeApiErrorKind, status: number, retryAfterSeconds: number | undefined): string {
  switch (kind) {
    case "unauthorized":
      return `Make refused the API token (HTTP ${status}): it may be mistyped, deleted, or made in another zone (a token works only in its own). `
        + "Create one in Make (Profile → API) with the scopes scenarios:read and scenarios:write.";
    case "forbidden":
      return `Make denied access (HTTP ${status}): the token needs the scopes scenarios:read and scenarios:write, and its user must be allowed to manage this team's scenarios.`;
    case "not_found":
      return `Make does not know this scenario or team (HTTP ${status}): it may have been deleted, or belong to another zone.`;
    case "rate_limited":
      return `Make is limiting requests from this account (HTTP ${status}): try again ${retryAfterSeconds === undefined ? "in a minute" : `in ${retryAfterSeconds} s`}.`;
    case "unavailable":
      return `Make failed on its side (HTTP ${status}): try again later.`;
    default:
      return `Make refused the request (HTTP ${status}).`;
  }
}

function kindOf(status: number): MakeApiErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "rejected";
}

function errorFromAnswer(what: string, response: Response, text: string): MakeApiError {
  const status = response.status;
  const kind = kindOf(status);
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  let said: z.output<typeof errorBodySchema> = {};
  try {
    said = errorBodySchema.catch({}).parse(JSON.parse(text));
  } catch {
    // Not JSON (an HTML page from a proxy): nothing of Make's own to quote.
  }
  const words = [said.message, said.detail].filter((part) => part !== undefined && part !== "").join(": ");
  const quoted = words ? ` Make says: "${words}"${said.code ? ` (${said.code})` : ""}.` : "";
  return new MakeApiError(`Could not ${what}. ${adviceFor(kind, status, retryAfterSeconds)}${quoted}`, {
    kind, status, retryAfterSeconds, makeCode: said.code,
  });
}

function networkError(what: string, host: string, timeoutMs: number, error: unknown): MakeApiError {
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  const message = timedOut
    ? `Could not ${what}: Make (${host}) did not answer within ${timeoutMs / 1000} s. Try again later.`
    : `Could not ${what}: Make (${host}) could not be reached (${reason}). Try again later.`;
  return new MakeApiError(message, { kind: "network", status: null }, { cause: error });
}

function malformed(what: string, problem: string, cause?: unknown): MakeApiError {
  return new MakeApiError(`Could not ${what}: Make's answer is not what its API documents (${problem}).`, { kind: "malformed", status: null }, { cause });
}

function requireId(label: string, id: number): void {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`${label} must be a positive integer, got ${id}`);
}

export function createMakeApi(options: MakeApiOptions): MakeApi {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function call<T>(what: string, method: "GET" | "POST", path: string, schema: z.ZodType<T>): Promise<T> {
    const url = new URL(base + path);
    let response: Response;
    let text: string;
    try {
      response = await send(url, {
        method,
        headers: { authorization: `Token ${options.token}`, accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw networkError(what, url.host, timeoutMs, error);
    }
    if (!response.ok) throw errorFromAnswer(what, response, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw malformed(what, "not JSON", error);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw malformed(what, `${issue.path.join(".") || "the body"}: ${issue.message}`, parsed.error);
    }
    return parsed.data;
  }

  async function toggle(action: "stop" | "start", id: number) {
    requireId("scenario id", id);
    const what = `${action} Make scenario ${id}`;
    const { scenario } = await call(what, "POST", `/scenarios/${id}/${action}`, toggledSchema);
    if (scenario.id !== id) throw malformed(what, `it answered for scenario ${scenario.id}`);
    return scenario;
  }

  return {
    async listScenarios(teamId) {
      requireId("team id", teamId);
      const what = `list the scenarios of Make team ${teamId}`;
      const scenarios: MakeScenario[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ teamId: String(teamId), "pg[offset]": String(scenarios.length), "pg[limit]": String(PAGE_SIZE) });
        const { scenarios: batch } = await call(what, "GET", `/scenarios?${query}`, pageSchema);
        scenarios.push(...batch);
        // A page shorter than asked for is the last (Make sends no total).
        if (batch.length < PAGE_SIZE) return scenarios;
      }
      throw malformed(what, `it still answered full pages after ${MAX_PAGES} pages of ${PAGE_SIZE}; listing stopped so as not to loop forever`);
    },
    stopScenario: (id) => toggle("stop", id),
    startScenario: (id) => toggle("start", id),
    async scenarioUsage(id) {
      requireId("scenario id", id);
      const { data } = await call(`read the usage of Make scenario ${id}`, "GET", `/scenarios/${id}/usage?organizationTimezone=true`, usageSchema);
      return data.map((day) => ({ date: day.date.slice(0, 10), operations: day.operations, centicredits: day.centicredits ?? day.operations * 100 }));
    },
  };
}
