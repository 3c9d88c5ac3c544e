"use client";

/**
 * The dashboard's range and granularity live in its URL (shareable, survive reloads, Back undoes
 * a change). Changes use the History API, which Next keeps in sync with useSearchParams without a
 * server round trip; the data follows through React Query.
 */
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { DashboardQuery, RANGE_GRANULARITIES, dashboardSearch, type DashboardQueryValues } from "@/lib/services/dashboard/dashboard-schemas";

function readQuery(search: URLSearchParams): DashboardQueryValues {
  const parsed = DashboardQuery.safeParse({ range: search.get("range") ?? undefined, granularity: search.get("granularity") ?? undefined });
  // A hand-edited URL with an unknown range shows the default one.
  return parsed.success ? parsed.data : DashboardQuery.parse({});
}

export function useDashboardQuery(): [DashboardQueryValues, (changes: Partial<DashboardQueryValues>) => void] {
  const query = readQuery(useSearchParams());
  const update = useCallback((changes: Partial<DashboardQueryValues>) => {
    const next = { ...readQuery(new URLSearchParams(window.location.search)), ...changes };
    if (!RANGE_GRANULARITIES[next.range].includes(next.granularity)) next.granularity = RANGE_GRANULARITIES[next.range][0];
    window.history.pushState(null, "", `${window.location.pathname}?${dashboardSearch(next)}`);
  }, []);
  return [query, update];
}
