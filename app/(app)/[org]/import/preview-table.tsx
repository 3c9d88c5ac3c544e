import { CircleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { isRowProblem, type CheckedRow, type RowProblem } from "@/lib/core/usage/import-rows";

const QUANTITY_LABELS: Record<string, string> = {
  input_tokens: "in", output_tokens: "out", cached_input_tokens: "cached", cache_write_tokens: "cache write",
  reasoning_tokens: "reasoning", requests: "requests", messages: "messages", emails: "emails", seconds: "s", units: "units",
};

/** The first rows as they will be stored; a row that will not be imported shows why, in place. */
export function PreviewTable({ rows, timeZone }: { rows: (CheckedRow | RowProblem)[]; timeZone: string }) {
  // The zone is named once, above the table, so each row stays short.
  const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <Table data-testid="preview-table">
      <TableHeader>
        <TableRow>
          <TableHead>Line</TableHead>
          <TableHead>Time</TableHead>
          <TableHead>Service · model · labels</TableHead>
          <TableHead>Usage</TableHead>
          <TableHead>Cost</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) =>
          isRowProblem(row) ? (
            <TableRow key={row.line} className="bg-destructive/5" data-testid="preview-problem">
              <TableCell className="tabular-nums">{row.line}</TableCell>
              <TableCell colSpan={4} className="text-destructive">
                <span className="flex min-w-64 items-start gap-2">
                  <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
                  <span className="[overflow-wrap:anywhere]">
                    <span className="sr-only">Not imported: </span>
                    {row.message} <span className="font-mono text-xs opacity-80">({row.code})</span>
                  </span>
                </span>
              </TableCell>
            </TableRow>
          ) : (
            <TableRow key={row.line} data-testid="preview-row">
              <TableCell className="tabular-nums">{row.line}</TableCell>
              <TableCell className="whitespace-nowrap">{time.format(new Date(row.event.timestamp))}</TableCell>
              <TableCell>
                <span className="block font-medium whitespace-nowrap">{row.event.service}</span>
                <span className="block max-w-64 truncate font-mono text-xs text-muted-foreground" title={row.event.model}>
                  {row.event.model}
                </span>
                <Labels event={row.event} />
                {row.notes.map((note) => (
                  <span key={note} className="mt-1 block max-w-64 text-xs text-amber-700 dark:text-amber-400">
                    {note}
                  </span>
                ))}
              </TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{usageText(row)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">
                {row.event.cost !== undefined ? (
                  `${row.event.cost} ${row.event.currency ?? ""}`
                ) : (
                  <span className="text-muted-foreground">from prices</span>
                )}
              </TableCell>
            </TableRow>
          ),
        )}
      </TableBody>
    </Table>
  );
}

function usageText({ event }: CheckedRow): string {
  const tags = event.tags ?? {};
  const unit = tags["focus.consumed_unit"];
  const parts = Object.entries(event.quantities ?? {}).map(([name, value]) =>
    name === "units" && unit ? `${value.toLocaleString("en-US")} ${unit}` : `${value.toLocaleString("en-US")} ${QUANTITY_LABELS[name] ?? name}`,
  );
  if (tags["focus.consumed_quantity"]) parts.push(`${tags["focus.consumed_quantity"]} ${unit ?? ""}`.trim());
  return parts.join(" · ") || "—";
}

/** Team, project and environment, when the row has them. */
function Labels({ event }: { event: CheckedRow["event"] }) {
  const labels = [event.team, event.project, event.environment].filter((label): label is string => Boolean(label));
  if (!labels.length) return null;
  return (
    <span className="mt-1 flex max-w-72 flex-wrap gap-1">
      {labels.map((label, i) => (
        <Badge key={`${i}-${label}`} variant="outline">
          {label}
        </Badge>
      ))}
    </span>
  );
}
