import type { Metadata } from "next";
import { Suspense } from "react";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PageHeader } from "../_components/page-header";
import { Explorer } from "./_components/explorer";

export const metadata: Metadata = { title: "Explore" };

/**
 * Spend by any dimension over any range: the page is a shell, the data loads in the browser
 * through the routes under ./data (as the signed-in member, under RLS) and the filters live in
 * the URL. Suspense: the explorer reads the search params on the client.
 */
export default async function ExplorePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrg((await params).org);
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader
        title="Explore"
        description={`Spend by service, model, team and more, in ${org.baseCurrency}. Times are in ${org.timezone.replaceAll("_", " ")}.`}
      />
      <Suspense>
        <Explorer slug={org.slug} timeZone={org.timezone} isAdmin={isAtLeast(org.role, "admin")} />
      </Suspense>
    </div>
  );
}
