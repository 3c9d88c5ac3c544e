"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CircleAlert } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import type { ExploreOptions } from "@/lib/services/usage/explore-options";
import type { ExploreSummary } from "@/lib/services/usage/explore-summary";
import { formatTimestamp } from "@/lib/utils";
import { EventList } from "./event-list";
import { ExploreFilters } from "./explore-filters";
import { RANGE_KEYS, SUMMARY_KEYS, toSearch, useExploreParams, type ExploreParams } from "./explore-params";
import { fetchJson } from "@/lib/fetch-json";
import { HealthTable } from "./health-table";
import { NoUsage } from "./no-usage";
import { SpendOverview } from "./spend-overview";

type ExplorerProps = { slug: string; timeZone: string; isAdmin: boolean };

/** The Explore page: filters in the URL, data through React Query from the routes under ./data. */
export function Explorer({ slug, timeZone, isAdmin }: ExplorerProps) {
  const [params, setParams] = useExploreParams();
  const summarySearch = toSearch(params, SUMMARY_KEYS);
  const rangeSearch = toSearch(params, RANGE_KEYS);
  const options = useQuery({
    queryKey: ["explore", slug, "options", rangeSearch],
    queryFn: () => fetchJson<ExploreOptions>(`/${slug}/explore/data/options?${rangeSearch}`),
    placeholderData: keepPreviousData,
  });
  const summary = useQuery({
    queryKey: ["explore", slug, "summary", summarySearch],
    queryFn: () => fetchJson<ExploreSummary>(`/${slug}/explore/data/summary?${summarySearch}`),
    placeholderData: keepPreviousData,
  });

  function change(changes: Partial<ExploreParams>) {
    // Switching to custom dates starts from the range on screen.
    if (changes.range === "custom" && !params.from && !params.to && summary.data) {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" });
      changes = { ...changes, from: day.format(new Date(summary.data.from)), to: day.format(new Date(Date.parse(summary.data.to) - 1)) };
    }
    setParams(changes);
  }

  function showUnpriced() {
    setParams({ pricing: "unpriced", status: "" });
    document.getElementById("events")?.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  if (options.data && !options.data.hasUsage) return <NoUsage slug={slug} isAdmin={isAdmin} />;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <ExploreFilters params={params} options={options.data} onChange={change} />
      {summary.isError ? (
        <Alert variant="destructive" data-testid="explore-error">
          <CircleAlert />
          <AlertDescription>{summary.error.message}</AlertDescription>
        </Alert>
      ) : null}
      {summary.data ? (
        <>
          <p className="-mt-2 flex flex-wrap items-center gap-2 text-sm text-muted-foreground" aria-live="polite">
            <span data-testid="explore-range">{rangeText(summary.data, timeZone)}</span>
            {summary.data.source === "events" ? <span>· from the raw events</span> : null}
            {summary.isFetching ? (
              <span className="flex items-center gap-1.5">
                · <Spinner className="size-3.5" /> Updating…
              </span>
            ) : null}
          </p>
          <SpendOverview slug={slug} summary={summary.data} exportSearch={summarySearch} onShowUnpriced={showUnpriced} />
          <Card className="gap-4 pb-2">
            <CardHeader>
              <CardTitle>{summary.data.health.by === "service" ? "Service health" : `Health of ${params.service}`}</CardTitle>
              <CardDescription>
                Error rate and latency percentiles over the range
                {summary.data.health.by === "model" ? ", per model" : ", per service (choose a service to see its models)"}. Latencies are
                estimated from buckets, and only events that report one count.
              </CardDescription>
            </CardHeader>
            <HealthTable health={summary.data.health} />
          </Card>
        </>
      ) : summary.isPending ? (
        <OverviewSkeleton />
      ) : null}
      <EventList slug={slug} timeZone={timeZone} params={params} onChange={setParams} />
    </div>
  );
}

/** "1 Mar 2026 – 30 Mar 2026" for whole days, times for the last 24 hours. */
function rangeText(summary: ExploreSummary, timeZone: string): string {
  const from = new Date(summary.from);
  const last = new Date(Date.parse(summary.to) - 1);
  if (summary.range === "24h") return `${formatTimestamp(from, timeZone)} – ${formatTimestamp(new Date(summary.to), timeZone)}`;
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium" });
  return `${day.format(from)} – ${day.format(last)}`;
}

function OverviewSkeleton() {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label="Loading spend">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((index) => (
          <Skeleton key={index} className="h-24 rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-80 rounded-xl" />
      <Skeleton className="h-48 rounded-xl" />
    </div>
  );
}
