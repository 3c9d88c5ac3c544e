/**
 * Finds one membership of the organization and checks the actor may manage it. No FOR UPDATE:
 * that would apply the UPDATE policy and hide an owner's row from an admin (NotFound, not Forbidden).
 */
import type { Tx } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canManageRole, isAtLeast, type OrgRole } from "@/lib/tenancy/roles";

export async function findManageableMember(tx: Tx, ctx: OrgContext, userId: string): Promise<{ role: OrgRole; email: string }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can manage members.");
  const [member] = await tx<{ role: OrgRole; email: string }[]>`
    select m.role, coalesce(u.email, '') as email
    from public.memberships m
    left join private.org_members(${ctx.org.id}) u on u.user_id = m.user_id
    where m.org_id = ${ctx.org.id} and m.user_id = ${userId}`;
  if (!member) throw new NotFoundError("That person is not a member of this organization.");
  if (!canManageRole(ctx.org.role, member.role)) throw new ForbiddenError("Only owners can change or remove owners.");
  return member;
}
