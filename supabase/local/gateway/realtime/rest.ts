/**
 * Realtime's HTTP broadcast API, as supabase-js uses it (`RealtimeChannel.send` REST fallback and
 * `httpSend`; repo supabase/realtime `BatchBroadcast`, `SingleBroadcast`):
 *
 * - `POST /api/broadcast` `{messages: [{topic, event, payload, private?, id?}]}` → 202. Public
 *   messages always go out; private ones only where the caller passes the write check for that
 *   topic, the others are skipped silently (still 202), as upstream does.
 * - `POST /api/broadcast/<topic>/events/<event>[?private=true]` with a JSON or
 *   `application/octet-stream` body → 202, or 403 `Unauthorized` when a private send is refused.
 *
 * The caller is whoever the request's token says: a user JWT in Authorization, else the role of
 * the API key (secret → service_role, which bypasses RLS and so may send anywhere).
 * Persistence (`persist`) and rate limits are not implemented locally.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sql } from "postgres";
import { z } from "zod";
import { isPolicyError, writePolicies } from "./authorization.ts";
import type { Fanout } from "./fanout.ts";
import { BodyError, readBody, sendEmpty, sendJson } from "../http.ts";
import { apiKeyOf, bearerOf, jwtForKeyRole, roleOfApiKey } from "../keys.ts";
import { checkToken, type Claims } from "./tokens.ts";

export type RestDeps = { sql: Sql; fanout: Fanout; log(message: string): void };

type Caller = { claims: Claims; headers: Record<string, string> };

const batchBody = z.object({
  messages: z
    .array(
      z.object({
        id: z.string().optional(),
        topic: z.string().min(1),
        event: z.string().min(1),
        payload: z.record(z.string(), z.unknown()),
        private: z.boolean().nullish(),
      }),
    )
    .min(1),
});

const singlePath = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/;

/** The x-* request headers, lower-cased: what Realtime exposes to policies as `request.headers`. */
export function policyHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-") && typeof value === "string") headers[name] = value;
  }
  return headers;
}

async function authenticate(req: IncomingMessage): Promise<Caller | { status: number; message: string }> {
  const apikey = apiKeyOf(req);
  if (!apikey) return { status: 401, message: "No API key found in request" };
  const keyRole = roleOfApiKey(apikey);
  if (!keyRole) return { status: 401, message: "Invalid API key" };
  const check = await checkToken(bearerOf(req) ?? jwtForKeyRole(keyRole));
  if (!check.ok) return { status: 401, message: check.message };
  return { claims: check.claims, headers: policyHeaders(req) };
}

/** True when the caller may broadcast to a private topic (the same write probe the socket uses). */
async function mayWrite(deps: RestDeps, caller: Caller, topic: string): Promise<boolean> {
  if (caller.claims.role === "service_role") return true;
  const policies = await writePolicies(deps.sql, { topic, claims: caller.claims, headers: caller.headers }, null);
  return policies.broadcast.write === true;
}

function zodErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

async function batch(req: IncomingMessage, res: ServerResponse, deps: RestDeps, caller: Caller): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
  } catch (error) {
    if (error instanceof BodyError) return sendJson(res, error.status, { message: error.message });
    return sendJson(res, 400, { message: "Could not parse request body as JSON" });
  }
  const parsed = batchBody.safeParse(body);
  if (!parsed.success) return sendJson(res, 422, { errors: zodErrors(parsed.error) });

  const writable = new Map<string, boolean>();
  for (const message of parsed.data.messages) {
    const isPrivate = message.private === true;
    if (isPrivate) {
      // One write check per topic, however many messages go to it.
      let allowed = writable.get(message.topic);
      if (allowed === undefined) {
        try {
          allowed = await mayWrite(deps, caller, message.topic);
        } catch (error) {
          deps.log(`REST broadcast write check for ${message.topic} failed: ${(error as Error).message}`);
          allowed = false;
        }
        writable.set(message.topic, allowed);
      }
      if (!allowed) continue;
    }
    const body = { type: "broadcast", event: message.event, payload: message.payload, ...(message.id ? { meta: { id: message.id } } : {}) };
    deps.fanout.publish(message.topic, isPrivate, { wire: "text", event: message.event, body });
  }
  sendEmpty(res, 202);
}

async function single(req: IncomingMessage, res: ServerResponse, deps: RestDeps, caller: Caller, topic: string, event: string): Promise<void> {
  const url = new URL(req.url ?? "/", "http://gateway");
  const isPrivate = url.searchParams.get("private") === "true";
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (error) {
    if (error instanceof BodyError) return sendJson(res, error.status, { message: error.message });
    throw error;
  }
  const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  let bytes: Buffer;
  let encoding: "json" | "binary";
  if (contentType === "application/octet-stream") {
    bytes = raw;
    encoding = "binary";
  } else {
    if (raw.length === 0) return sendJson(res, 422, { errors: { payload: ["can't be blank"] } });
    try {
      // Re-serialised so subscribers always receive well-formed JSON.
      bytes = Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))), "utf8");
    } catch {
      return sendJson(res, 400, { message: "Could not parse request body as JSON" });
    }
    encoding = "json";
  }

  if (isPrivate) {
    let allowed: boolean;
    try {
      allowed = await mayWrite(deps, caller, topic);
    } catch (error) {
      deps.log(`REST broadcast write check for ${topic} failed: ${(error as Error).message}`);
      if (isPolicyError(error)) return sendJson(res, 422, { message: "RLS policy error" });
      return sendJson(res, 500, { message: "Unable to authorize broadcast" });
    }
    if (!allowed) return sendJson(res, 403, { message: "Unauthorized" });
  }
  deps.fanout.publish(topic, isPrivate, { wire: "binary", event, encoding, bytes });
  sendEmpty(res, 202);
}

export async function handleRest(req: IncomingMessage, res: ServerResponse, path: string, deps: RestDeps): Promise<void> {
  const singleMatch = singlePath.exec(path);
  if (path !== "/api/broadcast" && !singleMatch) return sendJson(res, 404, { message: "Not found" });
  if (req.method !== "POST") return sendJson(res, 405, { message: "Method not allowed" }, { allow: "POST" });

  const caller = await authenticate(req);
  if ("status" in caller) return sendJson(res, caller.status, { message: caller.message });

  if (!singleMatch) return batch(req, res, deps, caller);
  let topic: string;
  let event: string;
  try {
    topic = decodeURIComponent(singleMatch[1]);
    event = decodeURIComponent(singleMatch[2]);
  } catch {
    return sendJson(res, 400, { message: "Malformed topic or event in the path" });
  }
  return single(req, res, deps, caller, topic, event);
}
