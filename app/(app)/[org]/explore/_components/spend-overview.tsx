"use client";

import { CircleHelp, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ExploreSummary } from "@/lib/services/usage/explore-summary";
import { formatTimestamp } from "@/lib/utils";
import { chartSeries } from "./chart-series";
import { ExportButtons } from "./export-buttons";
import { formatCount, formatRate } from "@/components/spend/format";
import { GroupTable } from "./group-table";
import { DIMENSION_LABELS, GRANULARITY_LABELS } from "@/components/spend/labels";
import { formatMoney, formatMoneyAxis } from "@/lib/format-money";

type SpendOverviewProps = { slug: string; summary: ExploreSummary; exportSearch: string; onShowUnpriced: () => void };

/** Totals, the unpriced-usage callout, the stacked chart and the group table. */
export function SpendOverview({ slug, summary, exportSearch, onShowUnpriced }: SpendOverviewProps) {
  const { totals, currency } = summary;
  const { series, rows } = chartSeries(summary);
  const by = summary.groupBy ? DIMENSION_LABELS[summary.groupBy].toLowerCase() : null;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="spend-totals">
        <Stat label="Cost" testId="total-cost" hint={totals.unpriced_events ? "at least — unpriced usage not included" : `in ${currency}`}>
          <span title={`${totals.cost} ${currency}`}>{formatMoney(totals.cost, currency)}</span>
        </Stat>
        <Stat label="Events" testId="total-events">{formatCount(totals.events)}</Stat>
        <Stat label="Errors" testId="total-errors" hint={totals.events ? `${formatRate(totals.errors / totals.events)} of events` : undefined}>
          {formatCount(totals.errors)}
        </Stat>
        <Stat label="Unpriced events" testId="total-unpriced" hint="no known price">
          {formatCount(totals.unpriced_events)}
        </Stat>
      </dl>

      {totals.unpriced_events > 0 ? (
        <div
          role="status"
          data-testid="unpriced-callout"
          className="flex flex-col gap-3 rounded-lg border border-amber-500/40 bg-amber-500/5 p-4 text-sm sm:flex-row sm:items-center sm:justify-between"
        >
          <p className="flex items-start gap-2">
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
            <span>
              <strong className="font-medium">
                {formatCount(totals.unpriced_events)} unpriced {totals.unpriced_events === 1 ? "event" : "events"}
              </strong>{" "}
              in this range have no known price, so they are not in the cost above — real spend is at least{" "}
              {formatMoney(totals.cost, currency)}. Add a price or send a cost with those events.
            </span>
          </p>
          <Button type="button" variant="outline" size="sm" onClick={onShowUnpriced} className="shrink-0">
            Show unpriced events
          </Button>
        </div>
      ) : null}

      {summary.rawEventsSince ? (
        <p className="flex items-start gap-2 rounded-lg border bg-card p-3 text-sm text-muted-foreground">
          <CircleHelp className="mt-0.5 size-4 shrink-0" aria-hidden />
          This view reads the raw events, which are kept for a limited time: figures before{" "}
          {formatTimestamp(new Date(summary.rawEventsSince), summary.timezone)} are incomplete.
        </p>
      ) : null}

      <Card className="gap-4">
        <CardHeader>
          <CardTitle>Cost over time</CardTitle>
          <CardDescription>
            {GRANULARITY_LABELS[summary.granularity]} in {currency}
            {by ? `, by ${by}` : ""}. Days start at midnight {summary.timezone.replaceAll("_", " ")}.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <StackedBarChart
            title={`Cost over time${by ? ` by ${by}` : ""}`}
            rows={rows}
            series={series}
            formatAxis={(value) => formatMoneyAxis(value, currency)}
          />
        </CardContent>
      </Card>

      <Card className="gap-4 pb-2">
        <CardHeader className="sm:flex-row sm:items-start sm:justify-between">
          <div className="grid gap-1.5">
            <CardTitle>{by ? `Cost by ${by}` : "Totals"}</CardTitle>
            <CardDescription>Over the whole range. Unpriced events are counted, never added as 0.</CardDescription>
          </div>
          <ExportButtons slug={slug} search={exportSearch} />
        </CardHeader>
        <GroupTable summary={summary} />
      </Card>
    </div>
  );
}

function Stat({ label, hint, testId, children }: { label: string; hint?: string; testId: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 rounded-xl border bg-card p-4 shadow-sm">
      <dt className="text-xs font-medium text-muted-foreground uppercase">{label}</dt>
      <dd className="text-xl font-semibold tracking-tight tabular-nums sm:text-2xl" data-testid={testId}>
        {children}
      </dd>
      {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}
