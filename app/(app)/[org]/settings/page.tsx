import { redirect } from "next/navigation";
import { orgPath } from "@/lib/auth/routes";
import { requireOrg } from "@/lib/tenancy/current-org";

export default async function SettingsIndexPage({ params }: { params: Promise<{ org: string }> }): Promise<never> {
  const { org } = await requireOrg((await params).org);
  redirect(orgPath(org.slug, "settings/general"));
}
