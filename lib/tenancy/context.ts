/**
 * Who is acting on which organization. Every tenant service verb takes this explicitly
 * (DESIGN §8), so no verb can guess the tenant from ambient state.
 */
import type { UserClaims } from "@/lib/db/client";
import type { OrgRole } from "./roles";

export type UserActor = { type: "user"; userId: string; email: string; claims: UserClaims };
export type Actor = UserActor;

export type Organization = {
  id: string;
  name: string;
  slug: string;
  baseCurrency: string;
  timezone: string;
  createdAt: Date;
};

/** The organization as the actor sees it: with the actor's own role in it, and its settings. */
export type ActiveOrganization = Organization & { role: OrgRole; retentionMonths: number };

export type OrgContext = { org: ActiveOrganization; actor: Actor };
/** For verbs that run before there is an organization (create one, accept an invitation). */
export type UserContext = { actor: Actor };

export function userActor(claims: UserClaims): UserActor {
  return { type: "user", userId: claims.sub, email: typeof claims.email === "string" ? claims.email : "", claims };
}
