import { redirect } from "next/navigation";
import { orgPath } from "@/lib/auth/routes";
import { requireOrg } from "@/lib/tenancy/current-org";

/** `/<slug>` opens the dashboard (after the same membership check as every tenant page). */
export default async function OrgIndexPage({ params }: { params: Promise<{ org: string }> }): Promise<never> {
  const { org } = await requireOrg((await params).org);
  redirect(orgPath(org.slug));
}
