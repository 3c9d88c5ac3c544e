/**
 * The organization of the current request (`/[org]/…`), resolved once per request (React cache)
 * for the layout and its pages alike. Unknown slug and not-a-member both render the same 404.
 */
import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import type { UserClaims } from "@/lib/db/client";
import { getOrganizationBySlug } from "@/lib/services/organizations/get-organization-by-slug";
import { userActor, type OrgContext } from "./context";

export const requireOrg = cache(async (slug: string): Promise<OrgContext> => {
  const actor = userActor((await requireUser()) as UserClaims);
  const org = await getOrganizationBySlug({ actor }, decodeURIComponent(slug));
  if (!org) notFound();
  return { org, actor };
});
