/** Creates an organization; the database makes the creator its owner and audits it. */
import "server-only";
import { randomUUID } from "node:crypto";
import type { ActiveOrganization, UserContext } from "@/lib/tenancy/context";
import { selectActiveOrganization } from "./organization-row";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { OrganizationInput } from "./schemas";

export async function createOrganization(ctx: UserContext, input: OrganizationInput): Promise<ActiveOrganization> {
  const { name, slug, baseCurrency, timezone } = parseInput(OrganizationInput, input);
  // The id is ours and there is no RETURNING: the creator can read the row only once the AFTER
  // trigger has added their owner membership, so it is selected afterwards.
  const id = randomUUID();
  return asActor(ctx.actor, async (tx) => {
    await tx`
      insert into public.organizations (id, name, slug, base_currency, timezone)
      values (${id}, ${name}, ${slug}, ${baseCurrency}, ${timezone})`;
    const org = await selectActiveOrganization(tx, ctx.actor.userId, { id });
    if (!org) throw new Error("the new organization is not visible to its creator");
    return org;
  });
}
