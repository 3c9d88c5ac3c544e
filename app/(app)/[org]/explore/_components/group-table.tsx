import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EXPLORE_GROUP_ROWS } from "@/lib/services/usage/explore-schemas";
import type { ExploreGroupRow, ExploreSummary } from "@/lib/services/usage/explore-summary";
import { cn } from "@/lib/utils";
import { groupColor, NOT_SET } from "./chart-series";
import { formatCount, formatRate } from "@/components/spend/format";
import { DIMENSION_LABELS } from "@/components/spend/labels";
import { formatMoney } from "@/lib/format-money";

/**
 * One row per group (most cost first): cost, share of the total, events, unpriced events, errors.
 * A group with unpriced events shows its cost as a floor ("≥"), or as unpriced when nothing in it
 * has a price — never as $0. Phones get a card per group instead of six columns.
 */
export function GroupTable({ summary }: { summary: ExploreSummary }) {
  const { groupBy, currency } = summary;
  const rows: ExploreGroupRow[] = groupBy
    ? summary.groups.rows
    : [{ value: "All usage", share_percent: summary.totals.events ? "100" : null, ...summary.totals }];
  const swatch = (index: number) =>
    groupBy ? <span className="size-2.5 shrink-0 rounded-sm" style={{ background: groupColor(index) }} aria-hidden /> : null;
  return (
    <div className="grid gap-2">
      <ul className="divide-y border-t sm:hidden" data-testid="group-cards">
        {rows.map((row, index) => (
          <li key={`${row.value ?? ""}-${index}`} className="grid gap-1.5 px-6 py-3 text-sm" data-testid="group-card">
            <p className="flex items-start justify-between gap-3">
              <span className="flex min-w-0 items-center gap-2">
                {swatch(index)}
                <GroupName value={row.value} />
              </span>
              <GroupCost row={row} currency={currency} />
            </p>
            <Share percent={row.share_percent} />
            <p className="text-xs text-muted-foreground">
              {plural(row.events, "event")} · <Unpriced count={row.unpriced_events} /> unpriced · {plural(row.errors, "error")}
              {row.events > 0 ? ` (${formatRate(row.errors / row.events)})` : ""}
            </p>
          </li>
        ))}
      </ul>
      <Table data-testid="group-table" className="hidden sm:table">
        <TableHeader>
          <TableRow>
            <TableHead>{groupBy ? DIMENSION_LABELS[groupBy] : "Usage"}</TableHead>
            <TableHead className="text-right">Cost</TableHead>
            <TableHead className="min-w-32">Share</TableHead>
            <TableHead className="text-right">Events</TableHead>
            <TableHead className="text-right">Unpriced</TableHead>
            <TableHead className="text-right">Errors</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={`${row.value ?? ""}-${index}`} data-testid="group-row">
              <TableCell className="max-w-64 min-w-36">
                <span className="flex min-w-0 items-center gap-2">
                  {swatch(index)}
                  <GroupName value={row.value} />
                </span>
              </TableCell>
              <TableCell className="text-right whitespace-nowrap">
                <GroupCost row={row} currency={currency} />
              </TableCell>
              <TableCell>
                <Share percent={row.share_percent} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(row.events)}</TableCell>
              <TableCell className="text-right tabular-nums">
                <Unpriced count={row.unpriced_events} />
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">
                {formatCount(row.errors)}
                {row.events > 0 ? <span className="ml-1 text-xs text-muted-foreground">({formatRate(row.errors / row.events)})</span> : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {summary.groups.truncated ? (
        <p className="px-6 text-xs text-muted-foreground">
          Showing the {EXPLORE_GROUP_ROWS} groups with the most cost. The table CSV has all of them.
        </p>
      ) : null}
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}

function GroupName({ value }: { value: string | null }) {
  return <span className={cn("[overflow-wrap:anywhere]", value === null && "text-muted-foreground italic")}>{value ?? NOT_SET}</span>;
}

function GroupCost({ row, currency }: { row: ExploreGroupRow; currency: string }) {
  if (row.unpriced_events > 0 && row.cost === "0") {
    return <span className="font-medium text-amber-700 dark:text-amber-400">Unpriced</span>;
  }
  const floor = row.unpriced_events > 0;
  return (
    <span
      className="font-mono tabular-nums"
      title={`${row.cost} ${currency}${floor ? " plus unpriced usage" : ""}`}
    >
      {floor ? "≥ " : ""}
      {formatMoney(row.cost, currency)}
    </span>
  );
}

function Unpriced({ count }: { count: number }) {
  return <span className={cn(count > 0 && "font-medium text-amber-700 dark:text-amber-400")}>{formatCount(count)}</span>;
}

function Share({ percent }: { percent: string | null }) {
  if (percent === null) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="flex items-center gap-2">
      <span className="h-1.5 w-16 shrink-0 overflow-hidden rounded-full bg-muted" aria-hidden>
        <span className="block h-full rounded-full bg-primary" style={{ width: `${Math.min(100, Number(percent))}%` }} />
      </span>
      <span className="text-xs tabular-nums">{percent}%</span>
    </span>
  );
}
