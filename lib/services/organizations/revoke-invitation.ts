/** Revokes an open invitation: its link stops working; the row stays for the audit trail. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { findPendingInvitation } from "./find-pending-invitation";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { InvitationIdInput } from "./schemas";

export async function revokeInvitation(ctx: OrgContext, input: { invitationId: string }): Promise<{ email: string }> {
  const { invitationId } = parseInput(InvitationIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const { email } = await findPendingInvitation(tx, ctx, invitationId);
    const revoked = await tx`
      update public.invitations set revoked_at = now(), revoked_by = ${ctx.actor.userId}
      where id = ${invitationId} and accepted_at is null and revoked_at is null`;
    if (revoked.count === 0) throw new NotFoundError("That invitation is no longer pending.");
    return { email };
  });
}
