/** Renames an organization or changes its URL name, currency or time zone (admins and owners). */
import "server-only";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { ActiveOrganization, OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { selectActiveOrganization } from "./organization-row";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { OrganizationInput } from "./schemas";

export async function updateOrganization(ctx: OrgContext, input: OrganizationInput): Promise<ActiveOrganization> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change the organization's settings.");
  const { name, slug, baseCurrency, timezone } = parseInput(OrganizationInput, input);
  return asActor(ctx.actor, async (tx) => {
    const updated = await tx`
      update public.organizations
      set name = ${name}, slug = ${slug}, base_currency = ${baseCurrency}, timezone = ${timezone}
      where id = ${ctx.org.id}`;
    // RLS hides the row from anyone who is no longer an admin here: same answer as a missing org.
    if (updated.count === 0) throw new NotFoundError();
    const org = await selectActiveOrganization(tx, ctx.actor.userId, { id: ctx.org.id });
    if (!org) throw new NotFoundError();
    return org;
  });
}
