/**
 * Finds one open invitation of the organization and checks the actor may manage its role. No FOR
 * UPDATE (it would apply the UPDATE policy and turn Forbidden into NotFound); the caller's update
 * repeats the "still open" condition instead.
 */
import type { Tx } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canManageRole, isAtLeast, type OrgRole } from "@/lib/tenancy/roles";

export async function findPendingInvitation(tx: Tx, ctx: OrgContext, invitationId: string) {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can manage invitations.");
  const [invitation] = await tx<{ id: string; email: string; role: OrgRole }[]>`
    select id, email, role from public.invitations
    where id = ${invitationId} and org_id = ${ctx.org.id} and accepted_at is null and revoked_at is null`;
  if (!invitation) throw new NotFoundError("That invitation is no longer pending.");
  if (!canManageRole(ctx.org.role, invitation.role)) throw new ForbiddenError("Only owners can manage invitations for owners.");
  return invitation;
}

