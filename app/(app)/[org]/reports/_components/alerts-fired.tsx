import Link from "next/link";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { Severity } from "@/lib/core/alerts/alert-facts";
import type { MonthlyReport } from "@/lib/services/reports/get-monthly-report";

const WORST_FIRST: Severity[] = ["critical", "warning", "info"];

/** How many alerts fired in the month, by severity. */
export function AlertsFired({ report, orgSlug }: { report: MonthlyReport; orgSlug: string }) {
  const { alerts } = report;
  return (
    <Card className="report-section gap-3 py-5" data-testid="report-alerts">
      <CardHeader className="flex-row flex-wrap items-baseline justify-between gap-2">
        <CardTitle className="text-base">Alerts fired</CardTitle>
        <Link href={`/${orgSlug}/alerts`} className="text-sm text-muted-foreground underline-offset-4 hover:underline print:hidden">
          Alert center
        </Link>
      </CardHeader>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 px-6 text-sm">
        {alerts.total === 0 ? (
          <p className="text-muted-foreground">None this month.</p>
        ) : (
          <>
            <p className="font-medium tabular-nums" data-testid="report-alerts-total">
              {alerts.total} in all
            </p>
            {WORST_FIRST.map((severity) => (
              <p key={severity} className="flex items-center gap-1.5 tabular-nums" data-testid={`report-alerts-${severity}`}>
                <SeverityBadge severity={severity} /> {alerts[severity]}
              </p>
            ))}
          </>
        )}
      </div>
    </Card>
  );
}
