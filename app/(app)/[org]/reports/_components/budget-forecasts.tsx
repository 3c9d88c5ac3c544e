import Link from "next/link";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/format-money";
import type { MonthlyReport } from "@/lib/services/reports/get-monthly-report";
import { formatTimestamp } from "@/lib/utils";
import { formatDays, formatLocalDay } from "./report-format";

/** Where each budget's current period is forecast to end — estimates, as of when the report was made, whatever month it covers. */
export function BudgetForecasts({ report, orgSlug }: { report: MonthlyReport; orgSlug: string }) {
  // Forecasts are approximate numbers: shown to the cent, never added to exact amounts.
  const money = (value: number) => formatMoney(value.toFixed(2), report.currency);
  return (
    <Card className="report-section gap-4 pb-0" data-testid="report-forecasts">
      <CardHeader>
        <CardTitle>Forecasts (estimates)</CardTitle>
        <CardDescription>
          Where each budget&apos;s current period is expected to land, as forecast on {formatTimestamp(new Date(report.generatedAt), report.timezone)}: the
          median with an 80% range. They are estimates from past spend, not amounts owed.
        </CardDescription>
      </CardHeader>
      {report.forecasts.length === 0 ? (
        <p className="border-t px-6 py-6 text-sm text-muted-foreground">Nothing to forecast: no budget has a current period with an end (per-subject and lifetime budgets are not forecast).</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Budget</TableHead>
              <TableHead className="text-right">Spent so far</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">Forecast at end</TableHead>
              <TableHead>Runs out</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.forecasts.map((forecast) => (
              <TableRow key={forecast.id} data-testid="report-forecast">
                <TableCell className="min-w-40">
                  <Link href={`/${orgSlug}/budgets/${forecast.id}`} className="font-medium [overflow-wrap:anywhere] underline-offset-4 hover:underline">
                    {forecast.name}
                  </Link>
                  <p className="text-xs text-muted-foreground">{formatDays(forecast.period.start, forecast.period.end, forecast.timezone)}</p>
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(forecast.spent, report.currency)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(forecast.effective_amount, report.currency)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  ≈ {money(forecast.at_period_end.p50)}
                  <p className="text-xs whitespace-nowrap text-muted-foreground">
                    {money(forecast.at_period_end.p10)} – {money(forecast.at_period_end.p90)}
                  </p>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {forecast.exhaustion_date ? formatLocalDay(`${forecast.exhaustion_date}T12:00:00Z`, "UTC") : <span className="text-muted-foreground">Not expected</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
