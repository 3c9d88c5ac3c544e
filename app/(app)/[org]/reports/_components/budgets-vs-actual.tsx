import Link from "next/link";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { SpendBar, StatusBadge } from "@/components/budgets/status-badge";
import { formatMoney } from "@/lib/format-money";
import type { MonthlyReport } from "@/lib/services/reports/get-monthly-report";
import { describePeriods, formatDays } from "./report-format";

/** Each budget against the actual spend of its periods that overlap the month. */
export function BudgetsVsActual({ report, orgSlug }: { report: MonthlyReport; orgSlug: string }) {
  const money = (value: string) => formatMoney(value, report.currency);
  return (
    <Card className="report-section gap-4 pb-0">
      <CardHeader>
        <CardTitle>Budgets vs actual</CardTitle>
        <CardDescription>
          The periods of each budget that overlap the month, whole (a quarter counts all of its spend), with their amounts as the budgets stand now,
          rollover included. A period still running counts so far.
        </CardDescription>
      </CardHeader>
      {report.budgets.length === 0 ? (
        <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="report-no-budgets">
          No budget covered this month.
        </p>
      ) : (
        <Table data-testid="report-budgets">
          <TableHeader>
            <TableRow>
              <TableHead>Budget</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">Spent</TableHead>
              <TableHead className="min-w-32">Used</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.budgets.map(({ id, name, period, timezone, figures }) => (
              <TableRow key={id} data-testid="report-budget">
                <TableCell className="min-w-40">
                  <Link href={`/${orgSlug}/budgets/${id}`} className="font-medium [overflow-wrap:anywhere] underline-offset-4 hover:underline">
                    {name}
                  </Link>
                  <p className="text-xs text-muted-foreground">
                    {describePeriods(period, figures.periods)} · {formatDays(figures.start, figures.end, timezone)}
                    {figures.ongoing ? " (running)" : ""}
                    {figures.periods > 1 && figures.exceeded > 0 ? ` · ${figures.exceeded} over` : ""}
                  </p>
                </TableCell>
                <TableCell className="text-right tabular-nums">{money(figures.amount)}</TableCell>
                <TableCell className="text-right tabular-nums" data-testid="report-budget-spent">
                  {money(figures.spent)}
                </TableCell>
                <TableCell>
                  <div className="grid gap-1">
                    <SpendBar percent={figures.percent} status={figures.status} label={`${figures.percent}% of ${name} used`} />
                    <span className="text-xs text-muted-foreground tabular-nums" data-testid="report-budget-percent">
                      {figures.percent}%
                    </span>
                  </div>
                </TableCell>
                <TableCell>
                  <StatusBadge status={figures.status} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
