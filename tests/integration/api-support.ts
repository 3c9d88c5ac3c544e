/** Shared by the api-* suites: organizations with people in each role, made through the services. */
import { newUser, superuserSql, uniqueSlug, type TestUser } from "./org-support.ts";
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
