/** Invitations not yet accepted or revoked (expired ones included, so they can be resent). Admins only. */
import "server-only";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast, type OrgRole } from "@/lib/tenancy/roles";
import { asActor } from "./run";

export type PendingInvitation = {
  id: string;
  email: string;
  role: OrgRole;
  lastSentAt: Date;
  sendCount: number;
  expiresAt: Date;
  isExpired: boolean;
  invitedByEmail: string | null;
};

export async function listInvitations(ctx: OrgContext): Promise<PendingInvitation[]> {
  if (!isAtLeast(ctx.org.role, "admin")) return [];
  return asActor(ctx.actor, (tx) =>
    tx<PendingInvitation[]>`
      select i.id, i.email, i.role, i.last_sent_at as "lastSentAt", i.send_count as "sendCount",
        i.expires_at as "expiresAt", i.expires_at <= now() as "isExpired", inviter.email as "invitedByEmail"
      from public.invitations i
      left join private.org_members(${ctx.org.id}) inviter on inviter.user_id = i.invited_by
      where i.org_id = ${ctx.org.id} and i.accepted_at is null and i.revoked_at is null
      order by i.created_at desc`,
  );
}
