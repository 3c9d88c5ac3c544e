/**
 * The /api/v1 wrapper with real Request objects and real keys in the integration stack's
 * database: authentication, scopes, tenancy, input, errors, rate limiting and last_used_at.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { apiRoute } from "../../lib/api/route.ts";
import { TokenBucketLimiter } from "../../lib/api/rate-limit.ts";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import { revokeApiKey } from "../../lib/services/api-keys/revoke-api-key.ts";
import { clearApiKeyCache } from "../../lib/services/api-keys/authenticate-api-key.ts";
import { ConflictError, NotFoundError } from "../../lib/services/errors.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let orgA: OrgContext;
let orgB: OrgContext;
let readKey: { id: string; secret: string };
let ingestKey: { id: string; secret: string };
let keyOfB: { id: string; secret: string };

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "route-a")).owner, (await teamOrg(sql, "route-b")).owner];
  const make = async (ctx: OrgContext, scopes: ("read" | "ingest")[]) => {
    const { apiKey, secret } = await createApiKey(ctx, { name: `${scopes.join("+")} key`, scopes });
    return { id: apiKey.id, secret };
  };
  [readKey, ingestKey, keyOfB] = [await make(orgA, ["read"]), await make(orgA, ["ingest"]), await make(orgB, ["read"])];
});

const whoAmI = apiRoute({ scope: "read", handler: (ctx) => ({ org: ctx.org.id, key: ctx.apiKey.id, name: ctx.apiKey.name }) });

function request(secret: string | null, init: RequestInit & { path?: string } = {}): Request {
  const headers = new Headers(init.headers);
  if (secret !== null) headers.set("authorization", `Bearer ${secret}`);
  return new Request(`http://localhost/api/v1${init.path ?? "/test"}`, { ...init, headers });
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(["error"]);
  return { status: response.status, ...body.error };
}

describe("authentication", () => {
  it("accepts a good key and gives the handler its organization", async () => {
    const response = await whoAmI(request(readKey.secret));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ org: orgA.org.id, key: readKey.id, name: "read key" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("gives another organization's key that organization, never the first", async () => {
    const response = await whoAmI(request(keyOfB.secret, { path: `/test?org=${orgA.org.id}` }));
    expect(await response.json()).toMatchObject({ org: orgB.org.id });
  });

  it.each([
    ["no header", null, undefined],
    ["another scheme", null, { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
    ["a bearer token that is not a key", "not-a-key", undefined],
    ["a well-formed unknown key", `sg_${"A".repeat(43)}`, undefined],
    ["a truncated key", "sg_abc", undefined],
  ])("answers 401 to %s", async (_name, secret, headers) => {
    const response = await whoAmI(request(secret, { headers }));
    expect(await errorOf(response)).toMatchObject({ status: 401, code: "unauthorized" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("answers a revoked key exactly as an unknown one", async () => {
    const { apiKey, secret } = await createApiKey(orgA, { name: "Soon revoked", scopes: ["read"] });
    expect((await whoAmI(request(secret))).status).toBe(200);
    await revokeApiKey(orgA, { apiKeyId: apiKey.id });
    const revoked = await errorOf(await whoAmI(request(secret)));
    const unknown = await errorOf(await whoAmI(request(`sg_${"B".repeat(43)}`)));
    expect(revoked).toEqual(unknown);
  });
});

describe("scopes", () => {
  it("answers 403 naming the missing scope", async () => {
    expect(await errorOf(await whoAmI(request(ingestKey.secret)))).toMatchObject({
      status: 403, code: "forbidden", details: { required_scope: "read" },
    });
  });
});

describe("input", () => {
  const echo = apiRoute({
    scope: "ingest",
    input: z.object({ events: z.array(z.object({ id: z.string().min(1), quantity: z.number().int().positive() })).max(3) }),
    maxBodyBytes: 200,
    handler: (_ctx, input) => ({ received: input.events.length }),
  });
  const post = (body: string, headers: Record<string, string> = {}) =>
    echo(request(ingestKey.secret, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }));

  it("passes a valid body to the handler, parsed", async () => {
    const response = await post(JSON.stringify({ events: [{ id: "e1", quantity: 2 }] }));
    expect(await response.json()).toEqual({ received: 1 });
  });

  it("answers 400 invalid_json to a body that is not JSON", async () => {
    expect(await errorOf(await post("{ not json"))).toMatchObject({ status: 400, code: "invalid_json" });
  });

  it("answers 400 validation_failed with each problem's path and message", async () => {
    const error = await errorOf(await post(JSON.stringify({ events: [{ id: "", quantity: -1 }] })));
    expect(error).toMatchObject({ status: 400, code: "validation_failed" });
    expect(error.details).toEqual([
      { path: ["events", "0", "id"], message: expect.any(String) },
      { path: ["events", "0", "quantity"], message: expect.any(String) },
    ]);
  });

  it("answers 413 to a body over the limit, declared or not", async () => {
    const big = JSON.stringify({ events: [{ id: "x".repeat(300), quantity: 1 }] });
    expect(await errorOf(await post(big))).toMatchObject({ status: 413, code: "payload_too_large" });
    // A stream with no Content-Length is cut off at the limit too.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(50)));
        controller.close();
      },
    });
    const chunked = new Request("http://localhost/api/v1/test", {
      method: "POST", body: stream, duplex: "half", headers: { authorization: `Bearer ${ingestKey.secret}` },
    } as RequestInit);
    expect(await errorOf(await echo(chunked))).toMatchObject({ status: 413 });
  });

  it("validates the query string for GET", async () => {
    const list = apiRoute({ scope: "read", input: z.object({ limit: z.coerce.number().int().max(100) }), handler: (_ctx, q) => q });
    expect(await (await list(request(readKey.secret, { path: "/test?limit=5" }))).json()).toEqual({ limit: 5 });
    expect(await errorOf(await list(request(readKey.secret, { path: "/test?limit=500" })))).toMatchObject({
      status: 400, code: "validation_failed", details: [{ path: ["limit"] }],
    });
  });
});

describe("errors from handlers", () => {
  it("maps typed service errors to their status", async () => {
    const missing = apiRoute({ scope: "read", handler: () => { throw new NotFoundError("No such budget."); } });
    expect(await errorOf(await missing(request(readKey.secret)))).toEqual({ status: 404, code: "not_found", message: "No such budget." });
    const clash = apiRoute({ scope: "read", handler: () => { throw new ConflictError("Already exists.", "name"); } });
    expect(await errorOf(await clash(request(readKey.secret)))).toMatchObject({ status: 409, code: "conflict" });
  });

  it("answers 500 with a request id and nothing of the internals", async () => {
    const broken = apiRoute({ scope: "read", handler: () => { throw new Error("relation secret_table does not exist"); } });
    const response = await broken(request(readKey.secret));
    const text = await response.clone().text();
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 500, code: "internal_error", details: { request_id: response.headers.get("x-request-id") } });
    expect(text).not.toContain("secret_table");
  });

  it("validates output when a schema is given (a mismatch is a 500, not a leak)", async () => {
    const strict = apiRoute({ scope: "read", output: z.object({ id: z.string() }), handler: () => ({ id: "1", hash: "leak" }) });
    expect(await (await strict(request(readKey.secret))).json()).toEqual({ id: "1" });
    const wrong = apiRoute({ scope: "read", output: z.object({ id: z.string() }), handler: () => ({ id: 1 }) as unknown as { id: string } });
    expect((await wrong(request(readKey.secret))).status).toBe(500);
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key's bucket is empty, per key", async () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 0.5 });
    const limited = apiRoute({ scope: "read", limiter, handler: () => ({ ok: true }) });
    expect((await limited(request(readKey.secret))).status).toBe(200);
    expect((await limited(request(readKey.secret))).status).toBe(200);
    const response = await limited(request(readKey.secret));
    expect(await errorOf(response)).toMatchObject({ status: 429, code: "rate_limited" });
    expect(Number(response.headers.get("retry-after"))).toBe(2);
    expect((await limited(request(keyOfB.secret))).status, "another key has its own bucket").toBe(200);
  });

  it("refills over time", () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1 });
    expect(limiter.take("k", 0)).toEqual({ ok: true });
    expect(limiter.take("k", 100)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("k", 1_100)).toEqual({ ok: true });
  });
});

describe("last_used_at", () => {
  it("is set on use and then not rewritten within a minute", async () => {
    const { apiKey, secret } = await createApiKey(orgA, { name: "Usage", scopes: ["read"] });
    const lastUsed = async () => (await sql<{ at: Date | null }[]>`select last_used_at as at from public.api_keys where id = ${apiKey.id}`)[0].at;
    expect(await lastUsed()).toBeNull();
    await whoAmI(request(secret));
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    clearApiKeyCache(); // force the next lookup to reach the database
    await whoAmI(request(secret));
    expect(await lastUsed()).toEqual(first);
  });
});
