/**
 * Invites someone by email (admins; owners may invite owners). The invitation is committed first
 * and the email sent after, so a failed send never loses it: the caller offers "Resend".
 */
import "server-only";
import { ConflictError, ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canManageRole, type OrgRole } from "@/lib/tenancy/roles";
import { INVITATION_LIFETIME_DAYS, newInvitationToken } from "./invitation-token";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { InviteMemberInput } from "./schemas";
import { sendInvitationEmail } from "./send-invitation-email";

export type InviteMemberResult = {
  invitation: { id: string; email: string; role: OrgRole; expiresAt: Date };
  emailSent: boolean;
};

export async function inviteMember(ctx: OrgContext, input: { email: string; role: string }): Promise<InviteMemberResult> {
  const { email, role } = parseInput(InviteMemberInput, input);
  if (!canManageRole(ctx.org.role, role)) {
    throw new ForbiddenError(role === "owner" ? "Only owners can invite owners." : "Only admins and owners can invite people.");
  }
  const token = newInvitationToken();
  const invitation = await asActor(ctx.actor, async (tx) => {
    const [member] = await tx`select 1 from private.org_members(${ctx.org.id}) where lower(email) = ${email}`;
    if (member) throw new ConflictError(`${email} is already a member of ${ctx.org.name}.`, "email");
    const [row] = await tx<{ id: string; expiresAt: Date; sendCount: number }[]>`
      insert into public.invitations (org_id, email, role, token_hash, expires_at)
      values (${ctx.org.id}, ${email}, ${role}, encode(extensions.digest(${token}, 'sha256'), 'hex'),
        now() + make_interval(days => ${INVITATION_LIFETIME_DAYS}))
      returning id, expires_at as "expiresAt", send_count as "sendCount"`;
    return row;
  });
  const emailSent = await sendInvitationEmail(ctx, { ...invitation, email, role, token });
  return { invitation: { id: invitation.id, email, role, expiresAt: invitation.expiresAt }, emailSent };
}
