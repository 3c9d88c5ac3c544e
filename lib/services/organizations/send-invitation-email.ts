/**
 * Emails an invitation link. Runs after the invitation is committed: a failed send leaves the
 * invitation in place (it can be resent), so this reports success instead of throwing.
 */
import "server-only";
import { siteUrl } from "@/lib/auth/site-url";
import { renderInvitationEmail } from "@/lib/core/notifications/render-invitation-email";
import { sendEmail } from "@/lib/services/notifications/send-email";
import type { OrgContext } from "@/lib/tenancy/context";
import type { OrgRole } from "@/lib/tenancy/roles";

export type InvitationToSend = { id: string; email: string; role: OrgRole; token: string; expiresAt: Date; sendCount: number };

export function invitationUrl(token: string): string {
  return siteUrl(`/invite/${token}`);
}

export async function sendInvitationEmail(ctx: OrgContext, invitation: InvitationToSend): Promise<boolean> {
  const metadata = ctx.actor.claims.user_metadata as { full_name?: unknown } | undefined;
  const acceptUrl = invitationUrl(invitation.token);
  try {
    const email = renderInvitationEmail({
      orgName: ctx.org.name,
      inviterEmail: ctx.actor.email,
      inviterName: typeof metadata?.full_name === "string" && metadata.full_name ? metadata.full_name : undefined,
      role: invitation.role,
      acceptUrl,
      expiresAt: invitation.expiresAt,
      timeZone: ctx.org.timezone,
    });
    await sendEmail({
      to: invitation.email,
      ...email,
      // Each send has its own token, so its own key: a retried send is deduplicated, a resend is not.
      idempotencyKey: `invitation-${invitation.id}-${invitation.sendCount}`,
      tags: { kind: "invitation" },
      source: "invitations",
      link: acceptUrl,
    });
    return true;
  } catch (error) {
    console.error("[invitations] the invitation email could not be sent", {
      invitationId: invitation.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return false;
  }
}
