"use client";

import { useEffect, useState } from "react";
import type { RecentEvent } from "@/lib/core/usage/spend-delta";
import { formatMoney } from "@/lib/format-money";
import { cn } from "@/lib/utils";

/** How long an event that just arrived stays highlighted. */
const HIGHLIGHT_MS = 2_500;

type LiveFeedProps = { events: RecentEvent[]; currency: string; timeZone: string };

/** The newest events, newest first; those that arrive while the page is open are highlighted for a moment. */
export function LiveFeed({ events, currency, timeZone }: LiveFeedProps) {
  // The first events are the page's own; only later arrivals count as new.
  const [known, setKnown] = useState(() => new Set(events.map((event) => event.id)));
  const fresh = events.filter((event) => !known.has(event.id)).map((event) => event.id);
  const freshKey = fresh.join(",");

  useEffect(() => {
    if (freshKey === "") return;
    const timer = setTimeout(() => setKnown((previous) => new Set([...previous, ...freshKey.split(",")])), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [freshKey]);

  if (events.length === 0) return <p className="text-sm text-muted-foreground">No events yet. They appear here as they arrive.</p>;
  const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" });
  // Times of the newest event's day stand alone; older ones carry their date.
  const newestDay = day.format(new Date(events[0].occurred_at));
  return (
    <ol className="grid divide-y" aria-label="Newest events" data-testid="live-feed">
      {events.map((event) => {
        const at = new Date(event.occurred_at);
        const dims = [event.team, event.project, event.end_user].filter((value): value is string => value !== null);
        return (
          <li
            key={event.id}
            data-testid="feed-row"
            className={cn("grid grid-cols-[auto_minmax(0,1fr)_auto] items-baseline gap-x-3 gap-y-0.5 px-1 py-2 text-sm transition-colors duration-1000", fresh.includes(event.id) && "bg-primary/10")}
          >
            <time dateTime={event.occurred_at} className="font-mono text-xs text-muted-foreground tabular-nums">
              {day.format(at) === newestDay ? time.format(at) : `${day.format(at)}, ${time.format(at).slice(0, 5)}`}
            </time>
            <span className="min-w-0 truncate font-mono text-[13px]" title={`${event.service} · ${event.model}`}>
              {event.service} · {event.model}
            </span>
            <span className="text-right tabular-nums" data-testid="feed-cost">
              {event.cost === null ? <span className="text-amber-700 dark:text-amber-400">unpriced</span> : formatMoney(event.cost, currency)}
            </span>
            {dims.length > 0 ? <span className="col-start-2 col-end-4 truncate text-xs text-muted-foreground">{dims.join(" · ")}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
