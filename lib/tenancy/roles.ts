/** Organization roles, their order, and what each may do — for checks in code and words in the UI. */
import { ROLE_LABELS, ROLE_SUMMARIES, type OrgRole } from "@/lib/core/notifications/role-summaries";

export type { OrgRole };
export { ROLE_LABELS, ROLE_SUMMARIES };

/** Least to most power, as the `public.org_role` enum orders them. */
export const ORG_ROLES = ["viewer", "member", "admin", "owner"] as const satisfies readonly OrgRole[];

export function isAtLeast(role: OrgRole, minimum: OrgRole): boolean {
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(minimum);
}

/** Admins manage members and invitations; a row that is (or becomes) an owner needs an owner. */
export function canManageRole(actorRole: OrgRole, targetRole: OrgRole): boolean {
  return isAtLeast(actorRole, "admin") && (targetRole !== "owner" || actorRole === "owner");
}

/** The roles an actor may hand out (invite as, or change someone to). */
export function assignableRoles(actorRole: OrgRole): OrgRole[] {
  return ORG_ROLES.filter((role) => canManageRole(actorRole, role));
}
