/**
 * A stand-in for Make's API v2 on loopback (`…/api/v2`), for lib/connectors/make to talk to. It
 * answers the three calls Spendguard makes, as developers.make.com documents them:
 * - `GET /scenarios?teamId=…&pg[offset]=…&pg[limit]=…`: `{ scenarios: [...], pg: {...} }`, in id
 *   order. Make documents no default page size for scenarios ("varies with resources"), so 100.
 *   Without teamId (and organizationId, which the fake does not serve) a 400, as Make documents.
 * - `POST /scenarios/{id}/stop` and `/start`: flip isActive, answer `{ scenario: { id, isActive, islinked } }`.
 * Errors use Make's one schema `{ detail, message, code }`. Only the 403 example ("Access denied." /
 * "Permission denied" / SC403) is documented word for word; the other texts and codes follow it.
 * A token other than `Authorization: Token <token>` gets a 401. A teamId other than the fake's
 * gets a 403: Make does not document whether an unknown or foreign team is a 403 or an empty
 * list, and a 403 is the answer that cannot be mistaken for "no scenarios".
 * Tests seed scenarios, queue answers (served after the token check) and read every request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeAnswer } from "./fake-resend.ts";

export type MakeRequest = {
  method: string;
  /** The path below the origin, `/api/v2/…`. */
  path: string;
  /** Decoded query parameters: `pg[offset]`, `teamId`… */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
};

export type FakeMakeScenario = {
  id: number;
  name: string;
  teamId: number;
  description: string | null;
  isActive: boolean;
  isPaused: boolean;
};

export type FakeMake = {
  /** The base URL to give the client: `http://127.0.0.1:<port>/api/v2`. */
  url: string;
  token: string;
  teamId: number;
  /** By id; tests may read and change them. */
  scenarios: Map<number, FakeMakeScenario>;
  /** Every request received, oldest first. */
  requests: MakeRequest[];
  /** Adds a scenario to the fake's team and returns its id. */
  addScenario(scenario: { name: string; description?: string | null; isActive?: boolean; isPaused?: boolean }): number;
  /** The next requests with the right token get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  /** The scenario's daily usage, served by `GET /scenarios/{id}/usage` (Make's shape: date, operations, dataTransfer, centicredits). */
  setUsage(id: number, days: { date: string; operations: number; centicredits?: number }[]): void;
  /** Every stop or start of this scenario gets this answer until refused again with null (a scenario Make will not touch). */
  refuse(id: number, answer: FakeAnswer | null): void;
  close(): Promise<void>;
};

export function makeError(status: number, code: string, message: string, detail: string, headers?: Record<string, string>): FakeAnswer {
  return { status, body: { detail, message, code }, headers };
}

export const makeErrors = {
  unauthorized: () => makeError(401, "SC401", "Access denied", "Invalid credentials."),
  forbidden: () => makeError(403, "SC403", "Permission denied", "Access denied."),
  notFound: (what: string) => makeError(404, "SC404", "Not found", `${what} not found.`),
  badRequest: (detail: string) => makeError(400, "SC400", "Bad request", detail),
  rateLimited: (retryAfterSeconds?: number) =>
    makeError(429, "SC429", "Too many requests", "Rate limit exceeded.", retryAfterSeconds === undefined ? undefined : { "retry-after": String(retryAfterSeconds) }),
  internal: () => makeError(500, "SC500", "Internal server error", "Something went wrong."),
};

const DEFAULT_LIMIT = 100;
const API = "/api/v2";

/** Make sends many more fields than the client reads; a few of them keep its parsing honest. */
function scenarioJson(scenario: FakeMakeScenario) {
  return {
    id: scenario.id, name: scenario.name, teamId: scenario.teamId, hookId: null, deviceId: null, deviceScope: null,
    concept: false, description: scenario.description, folderId: null, isinvalid: false, islinked: scenario.isActive,
    isActive: scenario.isActive, islocked: false, isPaused: scenario.isPaused, usedPackages: [],
    lastEdit: "2026-01-05T10:00:00.000Z", scheduling: { type: "indefinitely", interval: 900 }, iswaiting: false, dlqCount: 0,
  };
}

const count = (text: string | undefined, fallback: number) => (text === undefined ? fallback : /^\d+$/.test(text) ? Number(text) : null);

/** `port`: a fixed one, for a stack whose edge functions were told MAKE_BASE_URL before the fake started (0: any free port). */
export async function startFakeMake(options: { token?: string; teamId?: number; port?: number } = {}): Promise<FakeMake> {
  const token = options.token ?? randomBytes(18).toString("hex");
  const teamId = options.teamId ?? 215;
  const scenarios = new Map<number, FakeMakeScenario>();
  const requests: MakeRequest[] = [];
  const queued: FakeAnswer[] = [];
  const refused = new Map<number, FakeAnswer>();
  const usage = new Map<number, { date: string; operations: number; centicredits?: number }[]>();
  let nextId = 925;

  function listScenarios(query: Record<string, string>): FakeAnswer {
    if (query.teamId === undefined) return makeErrors.badRequest("Missing required parameter teamId or organizationId");
    if (query.teamId !== String(teamId)) return makeErrors.forbidden();
    const offset = count(query["pg[offset]"], 0);
    const limit = count(query["pg[limit]"], DEFAULT_LIMIT);
    if (offset === null || limit === null) return makeErrors.badRequest("pg[offset] and pg[limit] must be non-negative integers");
    const page = [...scenarios.values()].sort((a, b) => a.id - b.id).slice(offset, offset + limit);
    return { status: 200, body: { scenarios: page.map(scenarioJson), pg: { sortBy: "id", sortDir: "asc", limit, offset } } };
  }

  function toggle(id: number, isActive: boolean): FakeAnswer {
    const refusal = refused.get(id);
    if (refusal) return refusal;
    const scenario = scenarios.get(id);
    if (!scenario) return makeErrors.notFound("Scenario");
    scenario.isActive = isActive;
    return { status: 200, body: { scenario: { id, isActive, islinked: isActive } } };
  }

  function answer(method: string, path: string, query: Record<string, string>, headers: IncomingHttpHeaders): FakeAnswer {
    if (headers.authorization !== `Token ${token}`) return makeErrors.unauthorized();
    const queuedAnswer = queued.shift();
    if (queuedAnswer) return queuedAnswer;
    if (method === "GET" && path === `${API}/scenarios`) return listScenarios(query);
    const usageOf = /^\/api\/v2\/scenarios\/(\d+)\/usage$/.exec(path);
    if (method === "GET" && usageOf) {
      const id = Number(usageOf[1]);
      if (!scenarios.has(id)) return makeErrors.notFound("Scenario");
      return { status: 200, body: { data: (usage.get(id) ?? []).map((day) => ({ ...day, dataTransfer: day.operations * 1024 })) } };
    }
    const toggling = /^\/api\/v2\/scenarios\/(\d+)\/(stop|start)$/.exec(path);
    if (method === "POST" && toggling) return toggle(Number(toggling[1]), toggling[2] === "start");
    return makeErrors.notFound("Route");
  }

  const server = createServer((request, response) => {
    request.resume(); // The calls served carry no body; whatever came is drained unread.
    const url = new URL(request.url ?? "/", "http://fake-make");
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? "";
    requests.push({ method, path: url.pathname, query, headers: request.headers });
    const reply = answer(method, url.pathname, query, request.headers);
    // A string body goes out as is, like an error page from a proxy in front of the API.
    const text = typeof reply.body === "string";
    response.writeHead(reply.status, { "content-type": text ? "text/html" : "application/json", ...reply.headers });
    response.end(text ? reply.body : JSON.stringify(reply.body));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${API}`,
    token,
    teamId,
    scenarios,
    requests,
    addScenario(scenario) {
      const id = nextId++;
      scenarios.set(id, {
        id, name: scenario.name, teamId, description: scenario.description === undefined ? "" : scenario.description,
        isActive: scenario.isActive ?? true, isPaused: scenario.isPaused ?? false,
      });
      return id;
    },
    answerNext: (...answers) => void queued.push(...answers),
    setUsage(id, days) {
      usage.set(id, days);
    },
    refuse(id, answer) {
      if (answer === null) refused.delete(id);
      else refused.set(id, answer);
    },
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
