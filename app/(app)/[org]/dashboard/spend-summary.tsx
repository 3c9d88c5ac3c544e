import { ArrowRight, CircleHelp } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { OVERVIEW_DAYS, type SpendOverview } from "@/lib/services/usage/get-spend-overview";
import { formatMoney } from "@/lib/format-money";

const count = (value: number) => value.toLocaleString("en-US");

/** The last 30 days at a glance; the live dashboard replaces this later. */
export function SpendSummary({ orgSlug, overview }: { orgSlug: string; overview: SpendOverview }) {
  const { totals, services, currency } = overview;
  return (
    <Card data-testid="spend-summary">
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1.5">
          <CardTitle>Last {OVERVIEW_DAYS} days</CardTitle>
          <CardDescription>Spend in {currency}, from every service that sent usage.</CardDescription>
        </div>
        <Button asChild variant="outline" size="sm" className="self-start">
          <Link href={`/${orgSlug}/explore`}>
            Explore spend <ArrowRight />
          </Link>
        </Button>
      </CardHeader>
      <CardContent className="grid gap-6">
        <dl className="grid gap-3 sm:grid-cols-3">
          <Stat label="Spend" value={formatMoney(totals.cost, currency)} testId="summary-spend" />
          <Stat label="Events" value={count(totals.events)} note={`${count(totals.errors)} failed calls`} testId="summary-events" />
          <Stat
            label="Unpriced events"
            value={count(totals.unpriced_events)}
            note={totals.unpriced_events > 0 ? "No price known: not in the spend above" : "Every event has a price"}
            testId="summary-unpriced"
          />
        </dl>
        {services.length > 0 ? (
          <div className="grid gap-3">
            <h3 className="text-sm font-medium">By service</h3>
            <ul className="grid gap-3" data-testid="summary-services">
              {services.map((row) => (
                <li key={row.service} className="grid gap-1.5">
                  <div className="flex items-baseline justify-between gap-3 text-sm">
                    <span className="min-w-0 truncate font-mono" title={row.service}>
                      {row.service}
                    </span>
                    <span className="shrink-0 tabular-nums">
                      {row.unpriced_events === row.events ? (
                        <span className="inline-flex items-center gap-1 text-muted-foreground">
                          <CircleHelp className="size-3.5" aria-hidden /> unpriced
                        </span>
                      ) : (
                        formatMoney(row.cost, currency)
                      )}
                      <span className="ml-2 text-muted-foreground">{count(row.events)} events</span>
                    </span>
                  </div>
                  <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden>
                    <div className="h-full rounded-full bg-primary/70" style={{ width: `${row.share_percent ?? 0}%` }} />
                  </div>
                </li>
              ))}
            </ul>
            {overview.moreServices ? <p className="text-sm text-muted-foreground">More services in Explore.</p> : null}
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">Nothing in the last {OVERVIEW_DAYS} days.</p>
        )}
      </CardContent>
    </Card>
  );
}

function Stat({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div className="grid gap-1 rounded-lg border p-4" data-testid={testId}>
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
      {note ? <dd className="text-xs text-muted-foreground">{note}</dd> : null}
    </div>
  );
}
