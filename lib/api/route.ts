/**
 * THE wrapper for every /api/v1 route (DESIGN §6, §8): API key → rate limit → scope → zod input
 * → handler → optional zod output, with every failure in the one error shape.
 *
 *   export const GET = apiRoute({ scope: "read", input: SpendQuery, handler: (ctx, query) => getSpend(ctx, query) });
 *
 * `input` validates the JSON body for methods that carry one, the query string otherwise. The
 * tenant is always the key's organization (`ctx.org`); nothing in the request can choose another.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/services/api-keys/scopes";
import { ServiceError } from "@/lib/services/errors";
import type { Organization } from "@/lib/tenancy/context";
import { authenticateRequest } from "./auth";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./body";
import { apiError, fromServiceError } from "./errors";
import { defaultLimiter, type RateLimiter } from "./rate-limit";

export type ApiContext = {
  org: Organization;
  apiKey: ApiKeyPrincipal;
  request: Request;
  requestId: string;
  params: Record<string, string>;
};

export type ApiRouteOptions<In extends z.ZodType, Out extends z.ZodType> = {
  scope: ApiKeyScope;
  input?: In;
  /** Validates (and strips) what the handler returns; a mismatch is our bug, answered as a 500. */
  output?: Out;
  handler: (ctx: ApiContext, input: z.output<In>) => Promise<Response | z.input<Out>> | Response | z.input<Out>;
  maxBodyBytes?: number;
  limiter?: RateLimiter;
};

type RouteContext = { params?: Promise<Record<string, string | string[]>> };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export function apiRoute<In extends z.ZodType = z.ZodUndefined, Out extends z.ZodType = z.ZodUnknown>(options: ApiRouteOptions<In, Out>) {
  return async (request: Request, routeContext?: RouteContext): Promise<Response> => {
    const requestId = randomUUID();
    const response = await run(options, request, requestId, routeContext).catch((error: unknown) => unexpected(error, requestId));
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestId);
    headers.set("cache-control", "no-store");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

async function run<In extends z.ZodType, Out extends z.ZodType>(
  options: ApiRouteOptions<In, Out>,
  request: Request,
  requestId: string,
  routeContext: RouteContext | undefined,
): Promise<Response> {
  const auth = await authenticateRequest(request);
  if (!auth.ok) return apiError("unauthorized", auth.message, { headers: { "www-authenticate": 'Bearer realm="spendguard"' } });
  const { apiKey } = auth;

  const limit = (options.limiter ?? defaultLimiter).take(apiKey.id);
  if (!limit.ok) {
    return apiError("rate_limited", `Too many requests for this API key. Retry in ${limit.retryAfterSeconds} s.`, {
      headers: { "retry-after": String(limit.retryAfterSeconds) },
    });
  }
  if (!apiKey.scopes.includes(options.scope)) {
    return apiError("forbidden", `This API key lacks the "${options.scope}" scope.`, { details: { required_scope: options.scope } });
  }

  let input: z.output<In> = undefined as z.output<In>;
  if (options.input) {
    const raw = await readInput(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    if (raw instanceof Response) return raw;
    const parsed = options.input.safeParse(raw);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      return apiError("validation_failed", "The request did not match the expected shape.", { details });
    }
    input = parsed.data as z.output<In>;
  }

  const params = Object.fromEntries(
    Object.entries((await routeContext?.params) ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.join("/") : value]),
  );
  try {
    const result = await options.handler({ org: apiKey.org, apiKey, request, requestId, params }, input);
    if (result instanceof Response) return result;
    return Response.json(options.output ? options.output.parse(result) : result);
  } catch (error) {
    const mapped = error instanceof ServiceError ? fromServiceError(error) : null;
    if (mapped) return mapped;
    throw error;
  }
}

async function readInput(request: Request, maxBytes: number): Promise<unknown> {
  if (!BODY_METHODS.has(request.method.toUpperCase())) {
    return Object.fromEntries(new URL(request.url).searchParams);
  }
  const body = await readJsonBody(request, maxBytes);
  if (body.ok) return body.value;
  return body.reason === "too_large"
    ? apiError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`, { details: { max_bytes: maxBytes } })
    : apiError("invalid_json", "The request body is not valid JSON.");
}

function unexpected(error: unknown, requestId: string): Response {
  // Logged in full here; the caller gets only an id to quote, never SQL or stack traces.
  console.error(`[api] unexpected error (request ${requestId})`, error);
  return apiError("internal_error", `Something went wrong on our side. Quote request id ${requestId} if you contact support.`, {
    details: { request_id: requestId },
  });
}
