/** Sends an open invitation again with a fresh link (the old one stops working) and a fresh 7 days. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { findPendingInvitation } from "./find-pending-invitation";
import { INVITATION_LIFETIME_DAYS, newInvitationToken } from "./invitation-token";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { InvitationIdInput } from "./schemas";
import { sendInvitationEmail } from "./send-invitation-email";

export async function resendInvitation(ctx: OrgContext, input: { invitationId: string }): Promise<{ emailSent: boolean; email: string }> {
  const { invitationId } = parseInput(InvitationIdInput, input);
  const token = newInvitationToken();
  const invitation = await asActor(ctx.actor, async (tx) => {
    const { email, role } = await findPendingInvitation(tx, ctx, invitationId);
    const [row] = await tx<{ expiresAt: Date; sendCount: number }[]>`
      update public.invitations
      set token_hash = encode(extensions.digest(${token}, 'sha256'), 'hex'), last_sent_at = now(),
        send_count = send_count + 1, expires_at = now() + make_interval(days => ${INVITATION_LIFETIME_DAYS})
      where id = ${invitationId} and accepted_at is null and revoked_at is null
      returning expires_at as "expiresAt", send_count as "sendCount"`;
    if (!row) throw new NotFoundError("That invitation is no longer pending.");
    return { id: invitationId, email, role, token, ...row };
  });
  return { emailSent: await sendInvitationEmail(ctx, invitation), email: invitation.email };
}
