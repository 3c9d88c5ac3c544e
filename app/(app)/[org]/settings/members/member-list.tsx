"use client";

import { UserMinus } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import type { Member } from "@/lib/services/organizations/list-members";
import { ROLE_LABELS, assignableRoles, canManageRole, type OrgRole } from "@/lib/tenancy/roles";
import { formatTimestamp } from "@/lib/utils";
import { changeMemberRole, removeMember } from "./actions";
import { ActionStatus } from "./action-status";

type MemberListProps = { orgSlug: string; orgName: string; timeZone: string; members: Member[]; myUserId: string; myRole: OrgRole };

export function MemberList({ orgSlug, orgName, timeZone, members, myUserId, myRole }: MemberListProps) {
  return (
    <ul className="divide-y border-t" data-testid="member-list">
      {members.map((member) => (
        <MemberRow
          key={member.userId}
          member={member}
          orgSlug={orgSlug}
          orgName={orgName}
          timeZone={timeZone}
          isMe={member.userId === myUserId}
          myRole={myRole}
        />
      ))}
    </ul>
  );
}

function MemberRow({ member, orgSlug, orgName, timeZone, isMe, myRole }: { member: Member; orgSlug: string; orgName: string; timeZone: string; isMe: boolean; myRole: OrgRole }) {
  const canManage = !isMe && canManageRole(myRole, member.role);
  const [roleState, roleAction] = useActionState(changeMemberRole, null);
  const [removeState, removeAction] = useActionState(removeMember, null);
  const label = member.fullName ? `${member.fullName} (${member.email})` : member.email;
  return (
    <li className="grid gap-3 px-6 py-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-testid="member-row">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className="[overflow-wrap:anywhere]">{member.fullName ?? member.email}</span>
          {isMe ? <Badge variant="secondary">You</Badge> : null}
        </p>
        {member.fullName ? <p className="text-sm [overflow-wrap:anywhere] text-muted-foreground">{member.email}</p> : null}
        <p className="text-xs text-muted-foreground">Joined {formatTimestamp(new Date(member.joinedAt), timeZone)}</p>
      </div>
      <div className="grid gap-1 sm:justify-items-end">
        {canManage ? (
          <div className="flex flex-wrap items-center gap-2">
            <form action={roleAction} className="flex items-center gap-2">
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="userId" value={member.userId} />
              <Select name="role" defaultValue={member.role} aria-label={`Role of ${label}`} className="h-8 w-32">
                {assignableRoles(myRole).map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </Select>
              <SubmitButton variant="outline" size="sm" pendingLabel="Saving…">
                Save role
              </SubmitButton>
            </form>
            <form action={removeAction}>
              <input type="hidden" name="orgSlug" value={orgSlug} />
              <input type="hidden" name="userId" value={member.userId} />
              <ConfirmDialog
                trigger={
                  <>
                    <UserMinus /> Remove
                  </>
                }
                title={`Remove ${member.email}?`}
                description={`They lose access to ${orgName} at once. You can invite them again later.`}
                confirmLabel="Remove member"
              />
            </form>
          </div>
        ) : (
          <Badge variant={member.role === "owner" ? "default" : "outline"} className="justify-self-start sm:justify-self-end">
            {ROLE_LABELS[member.role]}
          </Badge>
        )}
        <ActionStatus state={roleState} success={(data) => `${data.email} is now ${ROLE_LABELS[data.role].toLowerCase()}.`} />
        <ActionStatus state={removeState} />
      </div>
    </li>
  );
}
