/**
 * Turns "this user, this slug" into the context every tenant verb takes — or the one answer an
 * outsider gets. Not a member and no such organization are the same NotFound on purpose; a member
 * below the required role gets Forbidden (they already know the organization exists).
 */
import "server-only";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import { getOrganizationBySlug } from "@/lib/services/organizations/get-organization-by-slug";
import type { Actor, OrgContext } from "./context";
import { isAtLeast, type OrgRole } from "./roles";

export async function resolveOrgContext(actor: Actor, slug: string, minimumRole?: OrgRole): Promise<OrgContext> {
  const org = await getOrganizationBySlug({ actor }, slug);
  if (!org) throw new NotFoundError();
  if (minimumRole && !isAtLeast(org.role, minimumRole)) throw new ForbiddenError();
  return { org, actor };
}
