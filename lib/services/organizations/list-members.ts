/** Everyone in the organization, with email, name and role (any member may see the list). */
import "server-only";
import type { OrgContext } from "@/lib/tenancy/context";
import type { OrgRole } from "@/lib/tenancy/roles";
import { asActor } from "./run";

export type Member = {
  userId: string;
  email: string;
  fullName: string | null;
  role: OrgRole;
  joinedAt: Date;
  lastSignInAt: Date | null;
};

export function listMembers(ctx: OrgContext): Promise<Member[]> {
  return asActor(ctx.actor, (tx) =>
    tx<Member[]>`
      select user_id as "userId", email, full_name as "fullName", role, joined_at as "joinedAt",
        last_sign_in_at as "lastSignInAt"
      from private.org_members(${ctx.org.id})`,
  );
}
