"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { HOME_PATH } from "@/lib/auth/routes";
import { changeMemberRole as changeRole } from "@/lib/services/organizations/change-member-role";
import { inviteMember as invite } from "@/lib/services/organizations/invite-member";
import { leaveOrganization as leave } from "@/lib/services/organizations/leave-organization";
import { removeMember as remove } from "@/lib/services/organizations/remove-member";
import { resendInvitation as resend } from "@/lib/services/organizations/resend-invitation";
import { revokeInvitation as revoke } from "@/lib/services/organizations/revoke-invitation";
import {
  ChangeMemberRoleInput,
  InvitationIdInput,
  InviteMemberInput,
  MemberInput,
} from "@/lib/services/organizations/schemas";

export const inviteMember = orgAction({ schema: InviteMemberInput, minimumRole: "admin", handler: invite });

export const resendInvitation = orgAction({ schema: InvitationIdInput, minimumRole: "admin", handler: resend });

export const revokeInvitation = orgAction({ schema: InvitationIdInput, minimumRole: "admin", handler: revoke });

export const changeMemberRole = orgAction({ schema: ChangeMemberRoleInput, minimumRole: "admin", handler: changeRole });

export const removeMember = orgAction({ schema: MemberInput, minimumRole: "admin", handler: remove });

export const leaveOrganization = orgAction({
  schema: z.object({}),
  handler: (ctx) => leave(ctx),
  redirectTo: () => HOME_PATH,
});
