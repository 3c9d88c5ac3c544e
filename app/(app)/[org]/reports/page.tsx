import { redirect } from "next/navigation";
import { lastCompleteMonth } from "@/lib/core/reports/report-month";
import { requireOrg } from "@/lib/tenancy/current-org";

/** `/<slug>/reports` opens the last complete month in the organization's time zone; each report links to the months either side. */
export default async function ReportsPage({ params }: { params: Promise<{ org: string }> }): Promise<never> {
  const { org } = await requireOrg((await params).org);
  redirect(`/${org.slug}/reports/${lastCompleteMonth(Date.now(), org.timezone)}`);
}
