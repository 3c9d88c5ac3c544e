/**
 * What an invitation link shows before anyone signs in. The token is the only key, so this runs
 * as the service (private.invitation_preview is granted to nobody else); it reveals nothing
 * without a valid token.
 */
import "server-only";
import { withService } from "@/lib/db";
import type { OrgRole } from "@/lib/tenancy/roles";
import { invitationTokenField } from "./schemas";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export type InvitationPreview = {
  orgName: string;
  orgSlug: string;
  email: string;
  role: OrgRole;
  status: InvitationStatus;
  expiresAt: Date;
  invitedByEmail: string | null;
};

export async function getInvitationPreview(token: string): Promise<InvitationPreview | null> {
  if (!invitationTokenField.safeParse(token).success) return null;
  const [row] = await withService(
    (tx) => tx<InvitationPreview[]>`
      select org_name as "orgName", org_slug as "orgSlug", email, role, status, expires_at as "expiresAt",
        invited_by_email as "invitedByEmail"
      from private.invitation_preview(${token})`,
  );
  return row ?? null;
}
