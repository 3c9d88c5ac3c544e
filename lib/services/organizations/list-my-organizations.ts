/** The organizations the actor belongs to, the most recently joined first. */
import "server-only";
import type { UserContext } from "@/lib/tenancy/context";
import type { OrgRole } from "@/lib/tenancy/roles";
import { asActor } from "./run";

export type MyOrganization = { id: string; name: string; slug: string; role: OrgRole; joinedAt: Date };

export function listMyOrganizations(ctx: UserContext): Promise<MyOrganization[]> {
  return asActor(ctx.actor, (tx) =>
    tx<MyOrganization[]>`
      select o.id, o.name, o.slug, m.role, m.created_at as "joinedAt"
      from public.memberships m
      join public.organizations o on o.id = m.org_id
      where m.user_id = ${ctx.actor.userId}
      order by m.created_at desc, o.name`,
  );
}
