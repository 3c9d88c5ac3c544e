/**
 * Reading requests the way GoTrue's Go handlers do: the body must be a JSON object; a field of
 * the wrong type is a JSON decoding error (`bad_json`); absent and `null` fields are zero values
 * (empty string, no map), and unknown fields are ignored.
 */
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { BodyError, readBody } from "../http.ts";
import { AuthError, badRequest } from "./errors.ts";

/** A string field: absent or null reads as "" (Go's zero value). */
export const text = z.string().nullish().transform((value) => value ?? "");
/** A JSON object field (user metadata and the like); absent or null reads as undefined. */
export const jsonMap = z.record(z.string(), z.unknown()).nullish().transform((value) => value ?? undefined);
export const flag = z.boolean().nullish().transform((value) => value ?? undefined);

function describe(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

/** `allowEmpty`: an empty body reads as `{}` (for the few handlers GoTrue lets go without one). */
export async function readParams<S extends z.ZodType>(req: IncomingMessage, schema: S, allowEmpty = false): Promise<z.output<S>> {
  let raw: string;
  try {
    raw = (await readBody(req)).toString("utf8");
  } catch (error) {
    if (error instanceof BodyError) throw new AuthError(error.status, "validation_failed", error.message);
    throw error;
  }
  let value: unknown;
  try {
    value = allowEmpty && raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    const reason = raw.trim() === "" ? "unexpected end of JSON input" : (error as Error).message;
    throw badRequest("bad_json", `Could not parse request body as JSON: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("bad_json", `Could not parse request body as JSON: cannot unmarshal ${describe(value)} into an object`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".");
    const got = describe(issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], value));
    throw badRequest("bad_json", `Could not parse request body as JSON: cannot unmarshal ${got} into field ${field}`);
  }
  return parsed.data;
}

/** The caller's address as GoTrue records it on sessions: the first X-Forwarded-For hop, else the socket. */
export function clientIp(req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const address = first || req.socket.remoteAddress || "";
  return address.replace(/^::ffff:/, "") || null;
}

export function userAgent(req: IncomingMessage): string | null {
  return req.headers["user-agent"] || null;
}
