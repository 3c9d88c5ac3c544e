"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowRight, Bell, TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { LiveFeed } from "@/components/dashboard/live-feed";
import { LiveStatus } from "@/components/dashboard/live-status";
import { OpenAlerts } from "@/components/dashboard/open-alerts";
import { QueryState } from "@/components/dashboard/query-state";
import { SpendTiles } from "@/components/dashboard/spend-tiles";
import { TopList } from "@/components/dashboard/top-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { dashboardKeys } from "@/lib/realtime/dashboard-cache";
import { useOrgRealtimeStatus } from "@/lib/realtime/org-realtime";
import { dashboardSearch } from "@/lib/services/dashboard/dashboard-schemas";
import type { DashboardAlerts } from "@/lib/services/dashboard/get-dashboard-alerts";
import type { DashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";
import type { DashboardFeed } from "@/lib/services/dashboard/get-dashboard-feed";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import type { DashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";
import type { DashboardTop } from "@/lib/services/dashboard/get-dashboard-top";
import { PageHeader } from "../../_components/page-header";
import { fetchJson } from "@/lib/fetch-json";
import { DemoData } from "../demo-data";
import { BudgetCards } from "./budget-cards";
import { useDashboardQuery } from "./dashboard-params";
import { GettingStarted } from "./getting-started";
import { RANGE_LABELS, SpendChartCard } from "./spend-chart-card";

/** The comparisons under the tiles move with the clock: refreshed this often even without new usage. */
const TILES_REFRESH_MS = 5 * 60_000;
const NOT_SET = "(not set)";

/** What the server fetched for the first paint (null: not fetched, or it failed — the browser asks again). */
export type DashboardInitial = {
  renderedAt: number;
  /** The range and granularity it was fetched for (dashboardSearch). */
  search: string;
  tiles: DashboardTiles | null;
  spend: DashboardSpend | null;
  top: DashboardTop | null;
  budgets: DashboardBudgets | null;
  alerts: DashboardAlerts | null;
  feed: DashboardFeed | null;
};

type DashboardProps = {
  org: { id: string; slug: string; name: string; baseCurrency: string; timezone: string };
  isAdmin: boolean;
  description: ReactNode;
  baseUrl: string;
  demoChunks: number;
  initial: DashboardInitial;
};

/**
 * The live dashboard: server-rendered first (the `initial` answers seed React Query), then kept
 * current by the organization's Realtime channel (OrgRealtime, in the tenant layout) and refetched by React Query
 * when the range changes. Each card loads, fails and retries on its own, from the routes under
 * ../data (as the signed-in member, under RLS).
 */
export function Dashboard({ org, isAdmin, description, baseUrl, demoChunks, initial }: DashboardProps) {
  const { slug } = org;
  const status = useOrgRealtimeStatus();
  const [params, setParams] = useDashboardQuery();
  const search = dashboardSearch(params);
  const rangeSearch = `range=${params.range}`;
  const first = search === initial.search;
  const seed = <T,>(data: T | null, applies = true) => ({
    initialData: applies && data !== null ? data : undefined,
    initialDataUpdatedAt: initial.renderedAt,
  });
  const get = <T,>(path: string) => () => fetchJson<T>(`/${slug}/dashboard/data/${path}`);

  const tiles = useQuery({ queryKey: dashboardKeys.tiles(slug), queryFn: get<DashboardTiles>("tiles"), ...seed(initial.tiles), refetchInterval: TILES_REFRESH_MS });
  const enabled = tiles.data?.hasUsage === true;
  const spend = useQuery({
    queryKey: dashboardKeys.spend(slug, search),
    queryFn: get<DashboardSpend>(`spend?${search}`),
    ...seed(initial.spend, first),
    placeholderData: keepPreviousData,
    enabled,
  });
  const top = useQuery({
    queryKey: dashboardKeys.top(slug, rangeSearch),
    queryFn: get<DashboardTop>(`top?${rangeSearch}`),
    ...seed(initial.top, first),
    placeholderData: keepPreviousData,
    enabled,
  });
  const budgets = useQuery({ queryKey: dashboardKeys.budgets(slug), queryFn: get<DashboardBudgets>("budgets"), ...seed(initial.budgets), enabled });
  const alerts = useQuery({ queryKey: dashboardKeys.alerts(slug), queryFn: get<DashboardAlerts>("alerts"), ...seed(initial.alerts), enabled });
  const feed = useQuery({ queryKey: dashboardKeys.feed(slug), queryFn: get<DashboardFeed>("feed"), ...seed(initial.feed), enabled });

  const explore = (filters: string) => `/${slug}/explore?range=${params.range}${filters}`;
  const currency = org.baseCurrency;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title={org.name} description={description}>
        <LiveStatus status={status} />
      </PageHeader>
      <QueryState query={tiles} what="the dashboard" skeleton={<DashboardSkeleton />}>
        {(data) => (
          <DemoData orgSlug={slug} orgName={org.name} baseCurrency={currency} canLoad={isAdmin} hasUsage={data.hasUsage} chunks={demoChunks}>
            {data.hasUsage ? (
              <div className="grid grid-cols-[minmax(0,1fr)] gap-6" data-testid="dashboard">
                <SpendTiles tiles={data} />
                <SpendChartCard slug={slug} query={spend} params={params} onChange={setParams} />

                <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
                  <Card className="gap-4">
                    <CardHeader className="flex-row items-start justify-between gap-3">
                      <div className="grid gap-1.5">
                        <CardTitle>Budgets</CardTitle>
                        <CardDescription>Worst first. Forecasts are estimates.</CardDescription>
                      </div>
                      <MoreLink href={`/${slug}/budgets`}>All budgets</MoreLink>
                    </CardHeader>
                    <CardContent>
                      <QueryState query={budgets} what="budgets" skeleton={<Skeleton className="h-40 w-full" />}>
                        {(data) => <BudgetCards budgets={data} slug={slug} isAdmin={isAdmin} />}
                      </QueryState>
                    </CardContent>
                  </Card>

                  <div className="grid grid-cols-[minmax(0,1fr)] content-start gap-6">
                    <Card className="gap-4">
                      <CardHeader className="flex-row items-start justify-between gap-3">
                        <div className="grid gap-1.5">
                          <CardTitle className="flex items-center gap-2">
                            <Bell className="size-4 text-muted-foreground" aria-hidden /> Open alerts
                          </CardTitle>
                          <CardDescription>
                            <span className="font-medium text-foreground tabular-nums" data-testid="open-alert-count">
                              {alerts.data?.open ?? "…"}
                            </span>{" "}
                            open, neither acknowledged nor resolved.
                          </CardDescription>
                        </div>
                        <MoreLink href={`/${slug}/alerts`}>Alert center</MoreLink>
                      </CardHeader>
                      <CardContent>
                        <QueryState query={alerts} what="open alerts" skeleton={<Skeleton className="h-24 w-full" />}>
                          {(data) => <OpenAlerts alerts={data} slug={slug} timeZone={org.timezone} />}
                        </QueryState>
                      </CardContent>
                    </Card>

                    <Card className="gap-4">
                      <CardHeader>
                        <CardTitle className="flex items-center gap-2">
                          <TriangleAlert className="size-4 text-amber-600" aria-hidden /> Unpriced usage
                        </CardTitle>
                        <CardDescription>Events with no known price are counted, never added as 0.</CardDescription>
                      </CardHeader>
                      <CardContent>
                        <QueryState query={spend} what="unpriced usage" skeleton={<Skeleton className="h-10 w-full" />}>
                          {(data) => (
                            <div className="flex flex-wrap items-baseline justify-between gap-3 text-sm">
                              <p>
                                <span className="text-2xl font-semibold tabular-nums" data-testid="unpriced-count">
                                  {data.totals.unpriced_events.toLocaleString("en-US")}
                                </span>{" "}
                                <span className="text-muted-foreground">
                                  {data.totals.unpriced_events === 1 ? "event" : "events"} in {RANGE_LABELS[data.range].toLowerCase()}
                                </span>
                              </p>
                              {data.totals.unpriced_events > 0 ? (
                                <MoreLink href={`${explore("&pricing=unpriced")}#events`}>See them in Explore</MoreLink>
                              ) : null}
                            </div>
                          )}
                        </QueryState>
                      </CardContent>
                    </Card>
                  </div>
                </div>

                <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
                  <Card className="gap-4">
                    <CardHeader>
                      <CardTitle>Top spenders</CardTitle>
                      <CardDescription>{RANGE_LABELS[params.range]}. Each opens in Explore.</CardDescription>
                    </CardHeader>
                    <CardContent className="grid gap-6 sm:grid-cols-2">
                      <QueryState query={top} what="the top lists" skeleton={<Skeleton className="h-40 w-full sm:col-span-2" />}>
                        {(data) => (
                          <>
                            <TopList title="Models" testId="top-models" list={data.models} currency={currency}
                              label={(row) => `${row.group.model ?? NOT_SET}`} href={(row) => explore(`&service=${enc(row.group.service)}&model=${enc(row.group.model)}`)} />
                            <TopList title="Teams" testId="top-teams" list={data.teams} currency={currency}
                              label={(row) => row.group.team ?? NOT_SET} href={(row) => explore(row.group.team ? `&team=${enc(row.group.team)}` : "&group_by=team")} />
                            <TopList title="Projects" testId="top-projects" list={data.projects} currency={currency}
                              label={(row) => row.group.project ?? NOT_SET} href={(row) => explore(row.group.project ? `&project=${enc(row.group.project)}` : "&group_by=project")} />
                            <TopList title="End users" testId="top-end-users" list={data.endUsers} currency={currency}
                              label={(row) => row.group.end_user ?? NOT_SET}
                              href={(row) => explore(row.group.end_user ? `&end_user=${enc(row.group.end_user)}` : "&group_by=end_user")} />
                          </>
                        )}
                      </QueryState>
                    </CardContent>
                  </Card>

                  <Card className="gap-4">
                    <CardHeader className="flex-row items-start justify-between gap-3">
                      <div className="grid gap-1.5">
                        <CardTitle>Live feed</CardTitle>
                        <CardDescription>The newest events, as they arrive.</CardDescription>
                      </div>
                      <MoreLink href={`/${slug}/explore#events`}>All events</MoreLink>
                    </CardHeader>
                    <CardContent>
                      <QueryState query={feed} what="the newest events" skeleton={<Skeleton className="h-64 w-full" />}>
                        {(data) => <LiveFeed events={data.events} currency={currency} timeZone={org.timezone} />}
                      </QueryState>
                    </CardContent>
                  </Card>
                </div>
              </div>
            ) : (
              <GettingStarted slug={slug} isAdmin={isAdmin} baseUrl={baseUrl} now={new Date(initial.renderedAt).toISOString()} />
            )}
          </DemoData>
        )}
      </QueryState>
    </div>
  );
}

const enc = (value: string | null | undefined) => encodeURIComponent(value ?? "");

function MoreLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="inline-flex shrink-0 items-center gap-1 text-sm font-medium text-primary underline-offset-4 hover:underline">
      {children} <ArrowRight className="size-3.5" aria-hidden />
    </Link>
  );
}

function DashboardSkeleton() {
  return (
    <div className="grid gap-6">
      <div className="grid gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((index) => (
          <Skeleton key={index} className="h-28 rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-96 rounded-xl" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-64 rounded-xl" />
        <Skeleton className="h-64 rounded-xl" />
      </div>
    </div>
  );
}
