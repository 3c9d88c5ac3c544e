import Link from "next/link";
import { formatMoney } from "@/lib/format-money";
import type { TopList as TopListData, TopRow } from "@/lib/services/dashboard/get-dashboard-top";

type TopListProps = {
  title: string;
  list: TopListData;
  currency: string;
  /** The row's name ("(not set)" for events without the dimension). */
  label: (row: TopRow) => string;
  /** Explore filtered to the row, over the same range. */
  href: (row: TopRow) => string;
  testId: string;
};

/** A ranked list of who or what spent most, each row linking to its spend in Explore. */
export function TopList({ title, list, currency, label, href, testId }: TopListProps) {
  return (
    <section className="grid min-w-0 content-start gap-2" aria-label={title} data-testid={testId}>
      <h3 className="text-sm font-medium">{title}</h3>
      {list.rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing in this range.</p>
      ) : (
        <ol className="grid grid-cols-[minmax(0,1fr)] gap-2">
          {list.rows.map((row) => {
            const name = label(row);
            return (
              <li key={name} className="grid grid-cols-[minmax(0,1fr)] gap-1" data-testid="top-row">
                <div className="flex items-baseline justify-between gap-3 text-sm">
                  <Link href={href(row)} className="min-w-0 truncate rounded-sm font-mono text-[13px] underline-offset-4 hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none" title={name}>
                    {name}
                  </Link>
                  <span className="shrink-0 tabular-nums">
                    {row.events > 0 && row.unpriced_events === row.events ? <span className="text-muted-foreground">unpriced</span> : formatMoney(row.cost, currency)}
                  </span>
                </div>
                <div className="h-1 overflow-hidden rounded-full bg-muted" aria-hidden>
                  <div className="h-full rounded-full bg-primary/60" style={{ width: `${row.share_percent ?? 0}%` }} />
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {list.truncated ? <p className="text-xs text-muted-foreground">More in Explore.</p> : null}
    </section>
  );
}
