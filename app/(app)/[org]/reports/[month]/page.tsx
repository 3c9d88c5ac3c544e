import { ArrowRight, CircleAlert, Inbox } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatReportMonth, parseReportMonth } from "@/lib/core/reports/report-month";
import { getMonthlyReport, type MonthlyReport } from "@/lib/services/reports/get-monthly-report";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { formatTimestamp } from "@/lib/utils";
import { AlertsFired } from "../_components/alerts-fired";
import { BudgetForecasts } from "../_components/budget-forecasts";
import { BudgetsVsActual } from "../_components/budgets-vs-actual";
import { MonthNav } from "../_components/month-nav";
import { PrintButton } from "../_components/print-button";
import { formatDays } from "../_components/report-format";
import { ReportSummary } from "../_components/report-summary";
import { ServiceSpend } from "../_components/service-spend";
import { TopChanges } from "../_components/top-changes";
import "../_components/report-print.css";

type Props = { params: Promise<{ org: string; month: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { month } = await params;
  return { title: parseReportMonth(month) ? `Report ${formatReportMonth(month)}` : "Report" };
}

/**
 * The monthly report: a printable page (the browser's "Save as PDF" makes the file) of one
 * calendar month in the organization's time zone. A month that is not YYYY-MM is not found; one
 * that has not begun says so.
 */
export default async function MonthlyReportPage({ params }: Props) {
  const { org: slug, month } = await params;
  const ctx = await requireOrg(slug);
  const { org } = ctx;
  if (parseReportMonth(month) === null) notFound();

  let report: MonthlyReport;
  try {
    report = await getMonthlyReport(ctx, month);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    if (!(error instanceof ServiceError)) throw error;
    return (
      <div className="grid gap-4">
        <Alert variant="destructive" data-testid="report-refused">
          <CircleAlert />
          <AlertDescription>{error.message}</AlertDescription>
        </Alert>
        <Button asChild variant="outline" className="w-fit">
          <Link href={`/${org.slug}/reports`}>
            The latest complete month <ArrowRight />
          </Link>
        </Button>
      </div>
    );
  }

  const empty = report.current.totals.events === 0;
  return (
    <article className="grid grid-cols-[minmax(0,1fr)] gap-6" data-monthly-report>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">{org.name} · Monthly spend report</p>
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {formatReportMonth(report.month)}
            {report.state === "in_progress" ? (
              <Badge variant="secondary" data-testid="report-in-progress">
                Month to date
              </Badge>
            ) : null}
          </h1>
          <p className="mt-1 text-sm text-muted-foreground" data-testid="report-range">
            {formatDays(report.current.from, report.current.to, report.timezone)}, {report.timezone.replaceAll("_", " ")} time · amounts in {report.currency} ·
            made {formatTimestamp(new Date(report.generatedAt), report.timezone)}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2 sm:shrink-0 print:hidden">
          <MonthNav orgSlug={org.slug} month={report.month} hasNext={report.state === "complete"} />
          <PrintButton />
        </div>
      </div>

      {empty ? (
        <Card className="report-section" data-testid="report-empty">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <Inbox className="size-5 text-muted-foreground" aria-hidden /> No spend in {formatReportMonth(report.month)}
            </CardTitle>
            <CardDescription>
              No usage was recorded this month{Number(report.previous.totals.cost) > 0 ? ` (${formatReportMonth(report.previousMonth)} had some — see its report)` : ""}.
              Budgets, forecasts and alerts follow below.
            </CardDescription>
          </CardHeader>
        </Card>
      ) : (
        <>
          <ReportSummary report={report} />
          <ServiceSpend report={report} />
          <TopChanges report={report} />
        </>
      )}
      <BudgetsVsActual report={report} orgSlug={org.slug} />
      <BudgetForecasts report={report} orgSlug={org.slug} />
      <AlertsFired report={report} orgSlug={org.slug} />
    </article>
  );
}
