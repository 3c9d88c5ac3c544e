/** Small HTTP helpers shared by the gateway's services. */
import type { IncomingMessage, ServerResponse } from "node:http";

export const corsHeaders: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers":
    "apikey, authorization, x-client-info, x-supabase-api-version, content-type, prefer, range, accept-profile, content-profile, x-region",
  "access-control-expose-headers": "x-supabase-api-version, content-range, x-sb-error-code",
  "access-control-max-age": "3600",
};

export class BodyError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyError("request body too large", 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body; an empty body is `{}`, anything that is not an object is an error. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString("utf8").trim();
  if (raw === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new BodyError("Could not parse request body as JSON", 400);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BodyError("Request body must be a JSON object", 400);
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...corsHeaders, "content-type": "application/json", ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...corsHeaders, ...headers });
  res.end();
}
