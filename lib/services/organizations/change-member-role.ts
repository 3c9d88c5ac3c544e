/** Changes a member's role; owners only by owners, and the last owner cannot be demoted (SG001). */
import "server-only";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canManageRole, type OrgRole } from "@/lib/tenancy/roles";
import { findManageableMember } from "./member-row";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { ChangeMemberRoleInput } from "./schemas";

export async function changeMemberRole(
  ctx: OrgContext,
  input: { userId: string; role: string },
): Promise<{ email: string; role: OrgRole }> {
  const { userId, role } = parseInput(ChangeMemberRoleInput, input);
  if (!canManageRole(ctx.org.role, role)) throw new ForbiddenError("Only owners can make someone an owner.");
  return asActor(ctx.actor, async (tx) => {
    const { email } = await findManageableMember(tx, ctx, userId);
    await tx`update public.memberships set role = ${role} where org_id = ${ctx.org.id} and user_id = ${userId}`;
    return { email, role };
  });
}
