import { ArrowUpRight, CircleAlert } from "lucide-react";
import Link from "next/link";
import { describeFacts, describeResolution, KIND_LABELS } from "@/components/alerts/describe-alert";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AlertView } from "@/lib/services/alerts/alert-row";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { listBudgetAlerts, type BudgetAlerts } from "@/lib/services/budgets/list-budget-alerts";
import { ServiceError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { formatTimestamp } from "@/lib/utils";

const STATUS_LABELS: Record<AlertView["status"], string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

/** What the budget's rules fired: open and acknowledged alerts and the latest resolved, newest first, each opening in the alert center. */
export async function FiredAlertsSection({ ctx, budgetId }: { ctx: OrgContext; budgetId: string }) {
  const { org } = ctx;
  const when = (value: string) => formatTimestamp(new Date(value), org.timezone);
  let loaded: BudgetAlerts | null = null;
  let problem: string | null = null;
  try {
    loaded = await listBudgetAlerts(byUser(ctx), budgetId);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  const center = `/${org.slug}/alerts`;
  return (
    <Card className="gap-0 pb-0" data-testid="fired-alerts">
      <CardHeader className="pb-4">
        <CardTitle>Fired alerts</CardTitle>
        <CardDescription>What this budget&apos;s rules caught: open ones and the latest resolved, newest first.</CardDescription>
      </CardHeader>
      {problem || !loaded ? (
        <CardContent className="pb-6">
          <Alert variant="destructive">
            <CircleAlert />
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        </CardContent>
      ) : loaded.alerts.length === 0 ? (
        <p className="border-t px-6 py-6 text-sm text-muted-foreground" data-testid="no-fired-alerts">
          No alerts have fired for this budget. The rules below decide when one does.
        </p>
      ) : (
        <ul className="divide-y border-t">
          {loaded.alerts.map((alert) => (
            <li key={alert.id} className="grid gap-1 px-6 py-4" data-testid="fired-alert" data-status={alert.status}>
              <p className="flex flex-wrap items-center gap-2">
                <SeverityBadge severity={alert.severity} />
                <span className="text-sm font-medium">{KIND_LABELS[alert.kind]}</span>
                {alert.subject ? <span className="text-sm text-muted-foreground [overflow-wrap:anywhere]">for {alert.subject}</span> : null}
                <Badge variant={alert.status === "open" ? "default" : "secondary"}>{STATUS_LABELS[alert.status]}</Badge>
              </p>
              <p className="text-sm [overflow-wrap:anywhere]">{alert.facts ? describeFacts(alert.facts) : "The details of this alert could not be read."}</p>
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                <span>
                  Fired {when(alert.fired_at)}
                  {alert.resolved_at ? ` · resolved ${when(alert.resolved_at)}: ${describeResolution(alert)}` : ""}
                </span>
                <Link
                  href={`${center}?alert=${alert.id}`}
                  aria-label={`Open the ${KIND_LABELS[alert.kind].toLowerCase()} alert fired ${when(alert.fired_at)} in the alert center`}
                  className="inline-flex items-center gap-0.5 font-medium text-foreground underline-offset-2 hover:underline">
                  Open in the alert center <ArrowUpRight className="size-3.5" aria-hidden />
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      {loaded && (loaded.more || loaded.alerts.length > 0) ? (
        <p className="border-t px-6 py-3 text-xs text-muted-foreground">
          {loaded.more ? "Older alerts are in the " : "Every alert, with who was told, is in the "}
          <Link href={center} className="underline underline-offset-2">
            alert center
          </Link>
          .
        </p>
      ) : null}
    </Card>
  );
}
