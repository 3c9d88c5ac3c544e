import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatReportMonth } from "@/lib/core/reports/report-month";
import { formatMoney } from "@/lib/format-money";
import { REPORT_GROUPS, REPORT_TOP_CHANGES, type MonthlyReport, type ReportChanges } from "@/lib/services/reports/get-monthly-report";
import { formatPercentChange, formatSignedMoney, groupLabel, shortMonth } from "./report-format";

/** The models, teams and projects whose spend rose most and fell most against the month before. */
export function TopChanges({ report }: { report: MonthlyReport }) {
  const lists = [
    { title: "Models", testId: "report-changes-models", changes: report.changes.models },
    { title: "Teams", testId: "report-changes-teams", changes: report.changes.teams },
    { title: "Projects", testId: "report-changes-projects", changes: report.changes.projects },
  ];
  return (
    <Card className="report-section gap-4 pb-0">
      <CardHeader>
        <CardTitle>Top changes</CardTitle>
        <CardDescription>
          Up to {REPORT_TOP_CHANGES} that rose and {REPORT_TOP_CHANGES} that fell the most since {formatReportMonth(report.previousMonth)}, by amount.
        </CardDescription>
      </CardHeader>
      <div className="grid grid-cols-[minmax(0,1fr)]">
        {lists.map((list) => (
          <ChangeTable key={list.title} {...list} report={report} />
        ))}
      </div>
    </Card>
  );
}

function ChangeTable({ title, testId, changes, report }: { title: string; testId: string; changes: ReportChanges; report: MonthlyReport }) {
  const rows = [...changes.rose, ...changes.fell];
  const money = (value: string) => formatMoney(value, report.currency);
  return (
    <section className="report-keep border-t pt-3" aria-label={title} data-testid={testId}>
      <h3 className="px-6 text-sm font-medium">{title}</h3>
      {rows.length === 0 ? (
        <p className="px-6 py-3 text-sm text-muted-foreground">No change.</p>
      ) : (
        // Fixed column widths, so the three tables line up under each other.
        <Table className="min-w-[34rem] table-fixed">
          <TableHeader>
            <TableRow>
              <TableHead className="w-[40%]">Name</TableHead>
              <TableHead className="w-[17%] text-right">{shortMonth(report.previousMonth)}</TableHead>
              <TableHead className="w-[17%] text-right">{shortMonth(report.month)}</TableHead>
              <TableHead className="w-[26%] text-right">Change</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => {
              const rose = !row.change.startsWith("-");
              const Icon = rose ? ArrowUpRight : ArrowDownRight;
              return (
                <TableRow key={row.key} data-testid="report-change-row">
                  <TableCell className="font-mono text-[13px] [overflow-wrap:anywhere]">
                    <span className="inline-flex items-start gap-1">
                      <Icon className={rose ? "mt-0.5 size-3.5 shrink-0 text-amber-600 dark:text-amber-400 print:text-amber-600" : "mt-0.5 size-3.5 shrink-0 text-emerald-600 dark:text-emerald-400 print:text-emerald-600"} aria-label={rose ? "Rose" : "Fell"} />
                      {groupLabel(row.group)}
                    </span>
                  </TableCell>
                  <TableCell className="text-right text-muted-foreground tabular-nums">{money(row.previous)}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(row.current)}</TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">
                    {formatSignedMoney(row.change, report.currency)}{" "}
                    <span className="text-xs text-muted-foreground">({formatPercentChange(row.percent, row.change)})</span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {changes.truncated ? <p className="px-6 pb-3 text-xs text-muted-foreground">Only the {REPORT_GROUPS} largest of each month were compared.</p> : null}
    </section>
  );
}
