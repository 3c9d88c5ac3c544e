import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LATENCY_BOUNDS_MS } from "@/lib/core/usage/latency-histogram";
import type { HealthRow, ServiceHealth } from "@/lib/services/usage/spend-query-health";
import { cn } from "@/lib/utils";
import { formatCount, formatLatency, formatRate } from "@/components/spend/format";

// The histogram's last bucket is open: a percentile there is only known to be at least this.
const OPEN_BUCKET_FROM = LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
const latency = (value: number | null) => formatLatency(value, OPEN_BUCKET_FROM);
const isHigh = (row: HealthRow) => (row.errorRate ?? 0) >= 0.05;

/** Error rate and latency percentiles per service (per model when one service is chosen); cards on phones. */
export function HealthTable({ health }: { health: ServiceHealth }) {
  if (!health.rows.length) return <p className="px-6 pb-4 text-sm text-muted-foreground">No events in this range.</p>;
  const rows = health.rows.length > 1 ? [...health.rows, health.overall] : health.rows;
  return (
    <>
      <ul className="divide-y border-t sm:hidden">
        {rows.map((row) => (
          <li key={row.key} className={cn("grid gap-1 px-6 py-3 text-sm", row === health.overall && "bg-muted/50 font-medium")}>
            <p className="flex justify-between gap-3">
              <span className="[overflow-wrap:anywhere]">{row.key}</span>
              <span className={cn("tabular-nums", isHigh(row) && "text-destructive")}>{formatRate(row.errorRate)} errors</span>
            </p>
            <p className="flex flex-wrap gap-x-1.5 text-xs font-normal text-muted-foreground">
              {[`${formatCount(row.events)} events`, `p50 ${latency(row.p50)}`, `p95 ${latency(row.p95)}`, `p99 ${latency(row.p99)}`].map((part, index) => (
                <span key={part} className="whitespace-nowrap">
                  {index > 0 ? "· " : ""}
                  {part}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
      <Table data-testid="health-table" className="hidden sm:table">
        <TableHeader>
          <TableRow>
            <TableHead>{health.by === "service" ? "Service" : "Model"}</TableHead>
            <TableHead className="text-right">Events</TableHead>
            <TableHead className="text-right">Errors</TableHead>
            <TableHead className="text-right">Error rate</TableHead>
            <TableHead className="text-right">p50</TableHead>
            <TableHead className="text-right">p95</TableHead>
            <TableHead className="text-right">p99</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key} data-testid="health-row" className={cn(row === health.overall && "bg-muted/50 font-medium")}>
              <TableCell className="max-w-56 min-w-32 [overflow-wrap:anywhere]">{row.key}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(row.events)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(row.errors)}</TableCell>
              <TableCell className={cn("text-right tabular-nums", isHigh(row) && "font-medium text-destructive")}>{formatRate(row.errorRate)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{latency(row.p50)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{latency(row.p95)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{latency(row.p99)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
