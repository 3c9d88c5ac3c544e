/** The actor leaves the organization; the last owner must hand over first (SG001). */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { asActor } from "./run";

export async function leaveOrganization(ctx: OrgContext): Promise<void> {
  await asActor(ctx.actor, async (tx) => {
    const deleted = await tx`delete from public.memberships where org_id = ${ctx.org.id} and user_id = ${ctx.actor.userId}`;
    if (deleted.count === 0) throw new NotFoundError();
  });
}
