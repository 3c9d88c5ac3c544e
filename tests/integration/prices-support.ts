/** Shared by the prices-* suites: organizations in a chosen base currency, events ingested as the API would, and what changed. */
import { newUser, superuserSql, uniqueSlug } from "./org-support.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import type { OrgRole } from "../../lib/tenancy/roles.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { expect } from "vitest";

export type Sql = ReturnType<typeof superuserSql>;

export type PricesOrg = { owner: OrgContext; as: (role: Exclude<OrgRole, "owner">) => Promise<OrgContext> };

export async function pricesOrg(sql: Sql, label: string, baseCurrency = "USD", timezone = "UTC"): Promise<PricesOrg> {
  const owner = await newUser(`${label}-owner`);
  const slug = uniqueSlug(label);
  await createOrganization({ actor: owner.actor }, { name: `${label} Co`, slug, baseCurrency, timezone });
  const ownerCtx = await resolveOrgContext(owner.actor, slug);
  return {
    owner: ownerCtx,
    async as(role) {
      const person = await newUser(`${label}-${role}`);
      await sql`insert into public.memberships (org_id, user_id, role) values (${ownerCtx.org.id}, ${person.claims.sub}, ${role})`;
      return resolveOrgContext(person.actor, slug);
    },
  };
}

/** Stores events as POST /api/v1/events would (no key), and expects every one accepted. */
export async function ingest(ctx: OrgContext, events: Record<string, unknown>[]): Promise<void> {
  const result = await ingestEvents({ org: ctx.org, source: "api", apiKeyId: null, userId: null }, events);
  expect(result).toMatchObject({ accepted: events.length, rejected: [] });
}

export async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

const DAY = 86_400_000;

/** An instant `days` ago at `hour`:00 UTC. */
export function daysAgo(days: number, hour = 12): string {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
}

export async function rollupTotals(sql: Sql, orgId: string) {
  const [row] = await sql<{ cost: string; unpriced: string }[]>`
    select trim_scale(coalesce(sum(cost), 0))::text as cost, coalesce(sum(unpriced_count), 0)::text as unpriced
    from public.spend_rollups where org_id = ${orgId}`;
  return row;
}

export async function storedEvent(sql: Sql, orgId: string, clientId: string) {
  const [row] = await sql<{ cost: string | null; pricing_status: string; unpriced_reason: string | null; fx_rate: string | null }[]>`
    select cost::text, pricing_status, unpriced_reason, fx_rate::text
    from public.usage_events where org_id = ${orgId} and client_event_id = ${clientId}`;
  return row;
}

/** Everything a pricing write can touch in one organization, to show that a refused write changed nothing. */
export async function pricingState(sql: Sql, orgId: string) {
  const [row] = await sql`
    select
      (select coalesce(jsonb_agg(to_jsonb(p) order by p.id), '[]') from public.price_overrides p where p.org_id = ${orgId}) as overrides,
      (select coalesce(jsonb_agg(to_jsonb(f) order by f.id), '[]') from public.fx_rates f where f.org_id = ${orgId}) as rates,
      (select coalesce(jsonb_agg(to_jsonb(j) order by j.id), '[]') from public.reprice_jobs j where j.org_id = ${orgId}) as jobs`;
  return row;
}
