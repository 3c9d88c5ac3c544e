/** The organization at `/<slug>` with the actor's role in it; null for unknown slugs and non-members alike. */
import "server-only";
import type { ActiveOrganization, UserContext } from "@/lib/tenancy/context";
import { SLUG_PATTERN } from "@/lib/tenancy/slug";
import { selectActiveOrganization } from "./organization-row";
import { asActor } from "./run";

export async function getOrganizationBySlug(ctx: UserContext, slug: string): Promise<ActiveOrganization | null> {
  // A path segment that can't be a slug can't be an organization: no query needed.
  if (!SLUG_PATTERN.test(slug)) return null;
  return asActor(ctx.actor, (tx) => selectActiveOrganization(tx, ctx.actor.userId, { slug }));
}
