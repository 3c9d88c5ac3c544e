"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { QueryState } from "@/components/dashboard/query-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { formatMoney, formatMoneyAxis } from "@/lib/format-money";
import { DASHBOARD_RANGES, RANGE_GRANULARITIES, type DashboardQueryValues, type DashboardRange } from "@/lib/services/dashboard/dashboard-schemas";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import { GRANULARITY_LABELS } from "@/components/spend/labels";
import { chartColor, OTHER_COLOR } from "@/components/charts/chart-palette";
import { spendChart } from "./chart-rows";

export const RANGE_LABELS: Record<DashboardRange, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days" };
/** The picker's words: "Range" says the rest. */
const RANGE_CHOICES: Record<DashboardRange, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days", "90d": "90 days" };

type SpendChartCardProps = {
  slug: string;
  query: UseQueryResult<DashboardSpend>;
  params: DashboardQueryValues;
  onChange: (changes: Partial<DashboardQueryValues>) => void;
};

/** Spend over time stacked by service, with the range and granularity pickers and the services by cost. */
export function SpendChartCard({ slug, query, params, onChange }: SpendChartCardProps) {
  return (
    <Card className="gap-4" data-testid="spend-card">
      <CardHeader className="gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="grid gap-1.5">
          <CardTitle className="flex items-center gap-2">
            Spend over time {query.isFetching && query.data ? <Spinner className="size-4 text-muted-foreground" /> : null}
          </CardTitle>
          <CardDescription>
            {query.data
              ? `${GRANULARITY_LABELS[query.data.granularity]} in ${query.data.currency}, by service. Days start at midnight ${query.data.timezone.replaceAll("_", " ")}.`
              : "By service."}
          </CardDescription>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:flex sm:items-end">
          <div className="grid gap-1.5">
            <Label htmlFor="dashboard-range">Range</Label>
            <Select id="dashboard-range" value={params.range} onChange={(event) => onChange({ range: event.target.value as DashboardRange })} className="sm:w-36">
              {DASHBOARD_RANGES.map((range) => (
                <option key={range} value={range}>
                  {RANGE_CHOICES[range]}
                </option>
              ))}
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="dashboard-granularity">Granularity</Label>
            <Select
              id="dashboard-granularity"
              value={params.granularity}
              onChange={(event) => onChange({ granularity: event.target.value as DashboardQueryValues["granularity"] })}
              className="sm:w-32"
            >
              {RANGE_GRANULARITIES[params.range].map((granularity) => (
                <option key={granularity} value={granularity}>
                  {GRANULARITY_LABELS[granularity]}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </CardHeader>
      <CardContent className="grid gap-5">
        <QueryState query={query} what="spend over time" skeleton={<Skeleton className="h-72 w-full" />}>
          {(spend) => <SpendChartBody slug={slug} spend={spend} />}
        </QueryState>
      </CardContent>
    </Card>
  );
}

function SpendChartBody({ slug, spend }: { slug: string; spend: DashboardSpend }) {
  const { series, rows } = spendChart(spend);
  const explore = (extra: string) => `/${slug}/explore?range=${spend.range}${extra}`;
  return (
    <>
      <p className="text-sm">
        <span className="text-2xl font-semibold tracking-tight tabular-nums" data-testid="range-total">
          {formatMoney(spend.totals.cost, spend.currency)}
        </span>{" "}
        <span className="text-muted-foreground">
          in {RANGE_LABELS[spend.range].toLowerCase()}, {spend.totals.events.toLocaleString("en-US")} events
        </span>
      </p>
      {spend.series.length === 0 ? (
        <p className="rounded-lg border border-dashed p-8 text-center text-sm text-muted-foreground">No spend in this range.</p>
      ) : (
        <StackedBarChart title="Spend over time by service" rows={rows} series={series} formatAxis={(value) => formatMoneyAxis(value, spend.currency)} legend={false} />
      )}
      {spend.services.rows.length > 0 ? (
        <ul className="grid gap-x-6 gap-y-2 sm:grid-cols-2" aria-label="Spend by service" data-testid="service-breakdown">
          {spend.services.rows.map((row, index) => (
            <li key={row.service} className="flex items-center gap-2 text-sm" data-testid="service-row">
              <span className="size-2.5 shrink-0 rounded-sm" style={{ background: chartColor(index) }} aria-hidden />
              <Link href={explore(`&service=${encodeURIComponent(row.service)}`)} className="min-w-0 flex-1 truncate font-mono text-[13px] underline-offset-4 hover:underline" title={row.service}>
                {row.service}
              </Link>
              <span className="shrink-0 tabular-nums">
                {row.events > 0 && row.unpriced_events === row.events ? <span className="text-muted-foreground">unpriced</span> : formatMoney(row.cost, spend.currency)}
              </span>
              <span className="w-12 shrink-0 text-right text-xs text-muted-foreground tabular-nums">{row.share_percent ?? "0"}%</span>
            </li>
          ))}
          {spend.services.truncated ? (
            <li className="flex items-center gap-2 text-sm text-muted-foreground">
              <span className="size-2.5 shrink-0 rounded-sm" style={{ background: OTHER_COLOR }} aria-hidden />
              <Link href={explore("&group_by=service")} className="underline underline-offset-4">
                More services in Explore
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </>
  );
}
