import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { ONBOARDING_PATH, orgPath } from "@/lib/auth/routes";
import type { UserClaims } from "@/lib/db/client";
import { listMyOrganizations } from "@/lib/services/organizations/list-my-organizations";
import { userActor } from "@/lib/tenancy/context";

/** HOME_PATH: straight on to the organization joined most recently, or to onboarding without one. */
export default async function OrgsPage(): Promise<never> {
  const claims = await requireUser();
  const [latest] = await listMyOrganizations({ actor: userActor(claims as UserClaims) });
  redirect(latest ? orgPath(latest.slug) : ONBOARDING_PATH);
}
