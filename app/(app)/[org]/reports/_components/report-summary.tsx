import { TriangleAlert } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatReportMonth } from "@/lib/core/reports/report-month";
import { formatMoney } from "@/lib/format-money";
import type { MonthlyReport } from "@/lib/services/reports/get-monthly-report";
import { formatPercentChange, formatSignedMoney } from "./report-format";

/** The month's total against the month before, exactly, with how many events it holds and how many had no price. */
export function ReportSummary({ report }: { report: MonthlyReport }) {
  const { current, previous, change, currency } = report;
  const unpriced = current.totals.unpriced_events;
  return (
    <Card className="report-section">
      <CardHeader>
        <CardTitle>Total spend</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <dl className="grid gap-4 sm:grid-cols-3">
          <div className="grid content-start gap-0.5">
            <dt className="text-xs text-muted-foreground">{formatReportMonth(report.month)}{report.state === "in_progress" ? " so far" : ""}</dt>
            <dd className="text-2xl font-semibold tracking-tight tabular-nums [overflow-wrap:anywhere]" data-testid="report-total">
              {formatMoney(current.totals.cost, currency)}
            </dd>
            <dd className="text-xs text-muted-foreground">{current.totals.events.toLocaleString("en-US")} events</dd>
          </div>
          <div className="grid content-start gap-0.5">
            <dt className="text-xs text-muted-foreground">{formatReportMonth(report.previousMonth)}</dt>
            <dd className="text-lg font-semibold tabular-nums [overflow-wrap:anywhere]" data-testid="report-previous-total">
              {formatMoney(previous.totals.cost, currency)}
            </dd>
            <dd className="text-xs text-muted-foreground">{previous.totals.events.toLocaleString("en-US")} events</dd>
          </div>
          <div className="grid content-start gap-0.5">
            <dt className="text-xs text-muted-foreground">Change</dt>
            <dd className="text-lg font-semibold tabular-nums [overflow-wrap:anywhere]" data-testid="report-change">
              {formatSignedMoney(change.amount, currency)}{" "}
              <span className="text-sm font-normal text-muted-foreground">({formatPercentChange(change.percent, change.amount)})</span>
            </dd>
          </div>
        </dl>
        {unpriced > 0 ? (
          <Alert data-testid="report-unpriced">
            <TriangleAlert />
            <AlertDescription>
              {unpriced.toLocaleString("en-US")} {unpriced === 1 ? "event" : "events"} this month had no known price and are not in the totals, so spend may
              be higher than shown.
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
