import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { chartColor } from "@/components/charts/chart-palette";
import { formatReportMonth } from "@/lib/core/reports/report-month";
import { formatMoney } from "@/lib/format-money";
import { REPORT_GROUPS, type MonthlyReport } from "@/lib/services/reports/get-monthly-report";
import { formatSignedMoney, shortMonth } from "./report-format";

/**
 * Spend by service: a table whose share column is a plain CSS bar (it prints as drawn, unlike a
 * canvas or a chart that measures its container), in the chart palette's colours.
 */
export function ServiceSpend({ report }: { report: MonthlyReport }) {
  const { rows, truncated } = report.services;
  const money = (value: string) => formatMoney(value, report.currency);
  return (
    <Card className="report-section gap-4 pb-0">
      <CardHeader>
        <CardTitle>Spend by service</CardTitle>
        <CardDescription>
          Most spent first, against {formatReportMonth(report.previousMonth)}; services used only then come last.
          {truncated ? ` Only the ${REPORT_GROUPS} largest services of each month are listed.` : ""}
        </CardDescription>
      </CardHeader>
      <Table data-testid="report-services">
        <TableHeader>
          <TableRow>
            <TableHead>Service</TableHead>
            <TableHead className="text-right">{shortMonth(report.month)}</TableHead>
            <TableHead className="w-1/4 min-w-28">Share</TableHead>
            <TableHead className="text-right">{shortMonth(report.previousMonth)}</TableHead>
            <TableHead className="text-right">Change</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={row.service} data-testid="report-service">
              <TableCell className="min-w-32 font-mono text-[13px] [overflow-wrap:anywhere]">{row.service}</TableCell>
              <TableCell className="text-right tabular-nums">
                {row.events > 0 && row.unpriced_events === row.events ? <span className="text-muted-foreground">unpriced</span> : money(row.cost)}
              </TableCell>
              <TableCell>
                <div className="flex items-center gap-2">
                  <div className="h-2 flex-1 overflow-hidden rounded-full bg-muted" aria-hidden>
                    <div className="report-bar h-full rounded-full" style={{ width: `${row.share_percent ?? 0}%`, background: chartColor(index) }} />
                  </div>
                  <span className="w-12 shrink-0 text-right text-xs text-muted-foreground tabular-nums">{row.share_percent === null ? "—" : `${row.share_percent}%`}</span>
                </div>
              </TableCell>
              <TableCell className="text-right text-muted-foreground tabular-nums">{money(row.previous)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatSignedMoney(row.change, report.currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
