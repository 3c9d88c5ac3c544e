"use client";

import { RotateCw, X } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { PendingInvitation } from "@/lib/services/organizations/list-invitations";
import { ROLE_LABELS, canManageRole, type OrgRole } from "@/lib/tenancy/roles";
import { formatTimestamp } from "@/lib/utils";
import { resendInvitation, revokeInvitation } from "./actions";
import { ActionStatus } from "./action-status";

type InvitationListProps = { orgSlug: string; timeZone: string; invitations: PendingInvitation[]; myRole: OrgRole };

export function InvitationList({ orgSlug, timeZone, invitations, myRole }: InvitationListProps) {
  if (!invitations.length) {
    return <p className="px-6 pb-6 text-sm text-muted-foreground">No pending invitations.</p>;
  }
  return (
    <ul className="divide-y border-t" data-testid="invitation-list">
      {invitations.map((invitation) => (
        <InvitationRow key={invitation.id} orgSlug={orgSlug} timeZone={timeZone} invitation={invitation} myRole={myRole} />
      ))}
    </ul>
  );
}

function InvitationRow({ orgSlug, timeZone, invitation, myRole }: { orgSlug: string; timeZone: string; invitation: PendingInvitation; myRole: OrgRole }) {
  const [resendState, resend] = useActionState(resendInvitation, null);
  const [revokeState, revoke] = useActionState(revokeInvitation, null);
  const isExpired = invitation.isExpired;
  const canManage = canManageRole(myRole, invitation.role);
  return (
    <li className="grid gap-3 px-6 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-testid="invitation-row">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className="[overflow-wrap:anywhere]">{invitation.email}</span>
          <Badge variant="outline">{ROLE_LABELS[invitation.role]}</Badge>
          {isExpired ? <Badge variant="secondary">Expired</Badge> : null}
        </p>
        <p className="text-xs text-muted-foreground">
          Sent {formatTimestamp(new Date(invitation.lastSentAt), timeZone)}
          {invitation.sendCount > 1 ? ` (${invitation.sendCount} times)` : ""}
          {invitation.invitedByEmail ? ` by ${invitation.invitedByEmail}` : ""} ·{" "}
          {isExpired ? "expired" : "expires"} {formatTimestamp(new Date(invitation.expiresAt), timeZone)}
        </p>
      </div>
      {canManage ? (
        <div className="grid gap-1 sm:justify-items-end">
          <div className="flex flex-wrap gap-2">
            <form action={resend}>
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="invitationId" value={invitation.id} />
              <SubmitButton variant="outline" size="sm" pendingLabel="Sending…">
                <RotateCw /> Resend
              </SubmitButton>
            </form>
            <form action={revoke}>
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="invitationId" value={invitation.id} />
              <ConfirmDialog
                trigger={
                  <>
                    <X /> Revoke
                  </>
                }
                title={`Revoke the invitation for ${invitation.email}?`}
                description="The link in their email stops working. You can invite them again later."
                confirmLabel="Revoke invitation"
              />
            </form>
          </div>
          <ActionStatus
            state={resendState}
            success={(data) => (data.emailSent ? `Sent a new link to ${data.email}.` : "The email could not be sent. Try again in a moment.")}
          />
          <ActionStatus state={revokeState} />
        </div>
      ) : null}
    </li>
  );
}
