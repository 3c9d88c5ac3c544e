/** Removes someone else from the organization (admins; owners only by owners; never the last owner). */
import "server-only";
import { InvalidError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { findManageableMember } from "./member-row";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { MemberInput } from "./schemas";

export async function removeMember(ctx: OrgContext, input: { userId: string }): Promise<{ email: string }> {
  const { userId } = parseInput(MemberInput, input);
  if (userId === ctx.actor.userId) throw new InvalidError("To remove yourself, use “Leave organization”.");
  return asActor(ctx.actor, async (tx) => {
    const { email } = await findManageableMember(tx, ctx, userId);
    await tx`delete from public.memberships where org_id = ${ctx.org.id} and user_id = ${userId}`;
    return { email };
  });
}
