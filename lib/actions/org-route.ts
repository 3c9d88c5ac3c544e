/**
 * GET route handlers for a tenant page's data (Explore, the prices form), run as the signed-in member: the search params are
 * the input, the tenant comes from the `[org]` segment, and everything else — the user, membership
 * (outsiders get 404, like a missing organization), zod parsing, error mapping — is the server
 * actions' own core (lib/actions/run-action.ts). Reads go through route handlers rather than
 * server actions because actions run one at a time per page and refresh the layout after success.
 */
import "server-only";
import type { z } from "zod";
import type { ActionErrorCode } from "@/lib/actions/action-result";
import { runOrgAction, type OrgActionConfig } from "@/lib/actions/run-action";
import { getCurrentClaims } from "@/lib/auth/current-claims";
import type { UserClaims } from "@/lib/db/client";

export const NO_STORE = { "cache-control": "private, no-store" };

const STATUS: Partial<Record<ActionErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  unavailable: 503,
  unexpected: 500,
};

type RouteContext = { params: Promise<{ org: string }> };

export function orgRoute<S extends z.ZodType, T>(config: OrgActionConfig<S, T>, respond: (data: T) => Response = json) {
  return async (request: Request, { params }: RouteContext): Promise<Response> => {
    const claims = (await getCurrentClaims()) as UserClaims | null;
    const input = { ...Object.fromEntries(new URL(request.url).searchParams), orgSlug: decodeURIComponent((await params).org) };
    const { result } = await runOrgAction(claims, config, input);
    if (!result.ok) return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 400, headers: NO_STORE });
    return respond(result.data);
  };
}

function json(data: unknown): Response {
  return Response.json(data, { headers: NO_STORE });
}
