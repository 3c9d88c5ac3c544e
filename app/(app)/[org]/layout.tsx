import type { ReactNode } from "react";
import { countOpenAlerts } from "@/lib/services/alerts/count-open-alerts";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { requireOrg } from "@/lib/tenancy/current-org";
import { OrgRealtime } from "@/lib/realtime/org-realtime";
import { isAtLeast } from "@/lib/tenancy/roles";
import { OrgNav } from "./_components/org-nav";

/**
 * The tenant shell. The organization is resolved here once per request (requireOrg is cached and
 * pages call it too); unknown slugs and organizations you are not in are the same 404.
 */
export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  // One indexed count (alerts_unresolved_idx) for the badge on the Alerts link; live from then on (OrgNav).
  const openAlerts = await countOpenAlerts(byUser(ctx));
  return (
    <OrgRealtime org={{ id: org.id, slug: org.slug }}>
      <div className="grid gap-6 md:grid-cols-[12rem_minmax(0,1fr)] md:gap-10">
        <aside className="min-w-0">
          <p className="mb-3 hidden truncate px-3 text-sm font-semibold md:block" title={org.name}>
            {org.name}
          </p>
          <OrgNav slug={org.slug} isAdmin={isAtLeast(org.role, "admin")} openAlerts={openAlerts} />
        </aside>
        <div className="min-w-0">{children}</div>
      </div>
    </OrgRealtime>
  );
}
