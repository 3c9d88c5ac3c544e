/**
 * Shared by the suites that call /api/v1: organizations with people in each role and API keys,
 * made through the services, and route handlers called as a client would.
 */
import { newUser, superuserSql, uniqueSlug, type TestUser } from "./org-support.ts";
import { randomUUID } from "node:crypto";
import { createApiKey } from "../../lib/services/api-keys/create-api-key.ts";
import type { ApiKeyScope } from "../../lib/services/api-keys/scopes.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import type { OrgRole } from "../../lib/tenancy/roles.ts";

export type TeamOrg = { owner: OrgContext; as: (role: Exclude<OrgRole, "owner">) => Promise<OrgContext> };

/** A new organization; `as(role)` adds a new user in that role (as an operator would) and returns their context. */
export async function teamOrg(sql: ReturnType<typeof superuserSql>, label: string): Promise<TeamOrg> {
  const owner = await newUser(`${label}-owner`);
  const slug = uniqueSlug(label);
  await createOrganization({ actor: owner.actor }, { name: `${label} Co`, slug, baseCurrency: "USD", timezone: "UTC" });
  const ownerCtx = await resolveOrgContext(owner.actor, slug);
  return {
    owner: ownerCtx,
    async as(role) {
      const person: TestUser = await newUser(`${label}-${role}`);
      await sql`insert into public.memberships (org_id, user_id, role) values (${ownerCtx.org.id}, ${person.claims.sub}, ${role})`;
      return resolveOrgContext(person.actor, slug);
    },
  };
}

/** A new API key of the organization with these scopes, made as an admin would: its id and its secret. */
export async function newApiKey(ctx: OrgContext, scopes: ApiKeyScope[]): Promise<{ id: string; secret: string }> {
  const { apiKey, secret } = await createApiKey(ctx, { name: `key ${randomUUID().slice(0, 8)}`, scopes });
  return { id: apiKey.id, secret };
}

export async function apiKeySecret(ctx: OrgContext, scopes: ApiKeyScope[]): Promise<string> {
  return (await newApiKey(ctx, scopes)).secret;
}

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler with `secret` as the bearer key and `body` as JSON; the answer's status and body (null for 204). */
export async function callRoute(handler: RouteHandler, secret: string, method: string, path: string, params: Record<string, string> = {}, body?: unknown) {
  const response = await handler(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}
