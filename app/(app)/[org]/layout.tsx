import type { ReactNode } from "react";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { OrgNav } from "./_components/org-nav";

/**
 * The tenant shell. The organization is resolved here once per request (requireOrg is cached and
 * pages call it too); unknown slugs and organizations you are not in are the same 404.
 */
export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await requireOrg((await params).org);
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_minmax(0,1fr)] md:gap-10">
      <aside className="min-w-0">
        <p className="mb-3 hidden truncate px-3 text-sm font-semibold md:block" title={org.name}>
          {org.name}
        </p>
        <OrgNav slug={org.slug} isAdmin={isAtLeast(org.role, "admin")} />
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
