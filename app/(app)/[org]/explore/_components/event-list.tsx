"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, CircleAlert } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import type { UsageEventPage, UsageEventView } from "@/lib/services/usage/explore-events";
import { EVENT_STATUSES, PRICING_STATUSES } from "@/lib/services/usage/explore-schemas";
import { cn, formatTimestamp } from "@/lib/utils";
import { EVENT_KEYS, toSearch, type ExploreParams } from "./explore-params";
import { EventDetails } from "./event-details";
import { fetchJson } from "@/lib/fetch-json";
import { formatLatency } from "@/components/spend/format";
import { PRICING_LABELS, STATUS_LABELS } from "@/components/spend/labels";
import { formatMoney } from "@/lib/format-money";

type EventListProps = {
  slug: string;
  timeZone: string;
  params: ExploreParams;
  onChange: (changes: Partial<ExploreParams>) => void;
};

/** The raw events behind the figures, newest first, 50 at a time (keyset paging), each expandable. */
export function EventList({ slug, timeZone, params, onChange }: EventListProps) {
  const search = toSearch(params, EVENT_KEYS);
  const events = useInfiniteQuery({
    queryKey: ["explore", slug, "events", search],
    queryFn: ({ pageParam }) =>
      fetchJson<UsageEventPage>(`/${slug}/explore/data/events?${search}${pageParam ? `${search ? "&" : ""}cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <Card className="gap-4 pb-2" id="events">
      <CardHeader className="gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div className="grid gap-1.5">
          <CardTitle>Events</CardTitle>
          <CardDescription>The calls behind these figures, newest first. Open one to see how its cost was worked out.</CardDescription>
        </div>
        <div className="grid grid-cols-2 gap-3 lg:w-96">
          <div className="grid gap-2">
            <Label htmlFor="events-pricing">Pricing</Label>
            <Select id="events-pricing" value={params.pricing} onChange={(event) => onChange({ pricing: event.target.value })}>
              <option value="">All</option>
              {PRICING_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {PRICING_LABELS[status]}
                </option>
              ))}
            </Select>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="events-status">Status</Label>
            <Select id="events-status" value={params.status} onChange={(event) => onChange({ status: event.target.value })}>
              <option value="">All</option>
              {EVENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </CardHeader>
      {events.isPending ? (
        <div className="grid gap-2 px-6 pb-4" aria-busy="true" aria-label="Loading events">
          {[0, 1, 2, 3].map((index) => (
            <Skeleton key={index} className="h-14" />
          ))}
        </div>
      ) : !events.data ? (
        <div className="px-6 pb-4">
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription>{events.error?.message ?? "The events could not be loaded."}</AlertDescription>
          </Alert>
        </div>
      ) : rows.length === 0 ? (
        <p className="px-6 py-8 text-center text-sm text-muted-foreground">No events match these filters.</p>
      ) : (
        <>
          <ul className="divide-y border-t" data-testid="event-list">
            {rows.map((event) => (
              <EventRow key={event.id} event={event} timeZone={timeZone} />
            ))}
          </ul>
          {events.hasNextPage || events.isFetchNextPageError ? (
            <div className="grid justify-items-center gap-2 border-t px-6 pt-3 pb-2">
              {events.isFetchNextPageError ? <p className="text-sm text-destructive">{events.error?.message}</p> : null}
              <Button type="button" variant="outline" size="sm" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? (
                  <>
                    <Spinner /> Loading…
                  </>
                ) : (
                  "Load more events"
                )}
              </Button>
            </div>
          ) : (
            <p className="border-t px-6 pt-3 pb-2 text-center text-xs text-muted-foreground">
              {rows.length === 1 ? "1 event" : `All ${rows.length} events`} shown.
            </p>
          )}
        </>
      )}
    </Card>
  );
}

function EventRow({ event, timeZone }: { event: UsageEventView; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const detailsId = `event-${event.id}`;
  const labels = [event.dimensions.team, event.dimensions.project, event.dimensions.environment, event.dimensions.end_user, event.dimensions.feature]
    .filter((value) => value !== null);
  return (
    <li data-testid="event-row">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
        onClick={() => setOpen(!open)}
        className="grid w-full grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-1 px-6 py-3 text-left outline-none hover:bg-muted/50 focus-visible:bg-muted/50 focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset"
      >
        <span className="grid min-w-0 gap-1">
          <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <span className="font-medium">{event.dimensions.service}</span>
            <span className="min-w-0 truncate text-muted-foreground">{event.dimensions.model}</span>
            {event.status === "error" ? (
              <Badge className="border-destructive/30 bg-destructive/10 text-destructive">{event.errorCode ?? "Error"}</Badge>
            ) : null}
          </span>
          <span className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            <span>
              <time dateTime={event.occurredAt}>{formatTimestamp(new Date(event.occurredAt), timeZone)}</time>
              {event.latencyMs !== null ? ` · ${formatLatency(event.latencyMs)}` : ""}
            </span>
            {labels.length ? (
              <span className="w-full truncate sm:w-auto">
                <span className="hidden sm:inline">· </span>
                {labels.join(" · ")}
              </span>
            ) : null}
          </span>
        </span>
        <span className="flex items-center gap-2">
          {event.cost === null ? (
            <Badge className="border-amber-500/40 bg-amber-500/10 text-amber-700 dark:text-amber-400">Unpriced</Badge>
          ) : (
            <span className="font-mono text-sm tabular-nums" title={`${event.cost} ${event.currency}`}>
              {formatMoney(event.cost, event.currency)}
            </span>
          )}
          <ChevronDown className={cn("size-4 shrink-0 text-muted-foreground transition-transform", open && "rotate-180")} aria-hidden />
        </span>
      </button>
      {open ? (
        <div id={detailsId} className="border-t bg-subtle/60 px-6 py-4">
          <EventDetails event={event} timeZone={timeZone} />
        </div>
      ) : null}
    </li>
  );
}
