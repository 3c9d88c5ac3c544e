import { Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { publicEnv } from "@/lib/env";
import { DashboardQuery, dashboardSearch, type DashboardQueryValues } from "@/lib/services/dashboard/dashboard-schemas";
import { getDashboardAlerts } from "@/lib/services/dashboard/get-dashboard-alerts";
import { getDashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";
import { getDashboardFeed } from "@/lib/services/dashboard/get-dashboard-feed";
import { getDashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import { getDashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";
import { getDashboardTop } from "@/lib/services/dashboard/get-dashboard-top";
import { ServiceError } from "@/lib/services/errors";
import { DEMO_CHUNKS } from "@/lib/services/usage/load-demo-data";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireOrg } from "@/lib/tenancy/current-org";
import { ROLE_LABELS, isAtLeast } from "@/lib/tenancy/roles";
import { firstValue, type SearchParams } from "@/lib/utils";
import { Dashboard, type DashboardInitial } from "./_components/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

/** A card whose first answer failed is left to the browser, which shows its error with a retry. */
async function settled<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ServiceError) return null;
    throw error;
  }
}

/** Every card's first answer, read now. An organization without usage shows no cards: they load in the browser once usage arrives. */
async function loadInitial(ctx: OrgContext, query: DashboardQueryValues): Promise<DashboardInitial> {
  const renderedAt = Date.now();
  const tiles = await settled(getDashboardTiles(ctx, renderedAt));
  const [spend, top, budgets, alerts, feed] = tiles?.hasUsage
    ? await Promise.all([
        settled(getDashboardSpend(ctx, query)),
        settled(getDashboardTop(ctx, query)),
        settled(getDashboardBudgets(ctx, renderedAt)),
        settled(getDashboardAlerts(ctx)),
        settled(getDashboardFeed(ctx, renderedAt)),
      ])
    : [null, null, null, null, null];
  return { renderedAt, search: dashboardSearch(query), tiles, spend, top, budgets, alerts, feed };
}

/**
 * The dashboard, server-rendered first: every card's data is fetched here (as the member, under
 * RLS) and seeds the browser's React Query cache, which the organization's Realtime channel then
 * keeps current. An organization without usage gets the getting-started steps (and demo data).
 */
export default async function DashboardPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const search = await searchParams;
  const parsed = DashboardQuery.safeParse({ range: firstValue(search.range), granularity: firstValue(search.granularity) });
  const query = parsed.success ? parsed.data : DashboardQuery.parse({});

  const initial = await loadInitial(ctx, query);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      {/* Suspense: the dashboard reads its range from the URL on the client. */}
      <Suspense>
        <Dashboard
          org={{ id: org.id, slug: org.slug, name: org.name, baseCurrency: org.baseCurrency, timezone: org.timezone }}
          isAdmin={isAtLeast(org.role, "admin")}
          description={
            <>
              Spend is reported in {org.baseCurrency}, days follow {org.timezone.replaceAll("_", " ")}. You are{" "}
              {org.role === "admin" || org.role === "owner" ? "an" : "a"} {ROLE_LABELS[org.role].toLowerCase()}.
            </>
          }
          baseUrl={publicEnv().NEXT_PUBLIC_SITE_URL.replace(/\/$/, "")}
          demoChunks={DEMO_CHUNKS}
          initial={initial}
        />
      </Suspense>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Users className="size-5 text-muted-foreground" aria-hidden /> Your team
          </CardTitle>
          <CardDescription>
            Budgets work best when the people who spend can see them.{" "}
            <Link href={`/${org.slug}/settings/members`} className="font-medium text-foreground underline underline-offset-4">
              {org.role === "admin" || org.role === "owner" ? "Invite your teammates" : "See who is here"}
            </Link>
            .
          </CardDescription>
        </CardHeader>
      </Card>
    </div>
  );
}
