import Link from "next/link";
import { describeFacts, KIND_LABELS } from "@/components/alerts/describe-alert";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import type { DashboardAlerts } from "@/lib/services/dashboard/get-dashboard-alerts";
import { formatTimestamp } from "@/lib/utils";

/** The newest open alerts, each opening in the alert center; the count covers them all. */
export function OpenAlerts({ alerts, slug, timeZone }: { alerts: DashboardAlerts; slug: string; timeZone: string }) {
  if (alerts.open === 0) return <p className="text-sm text-muted-foreground">Nothing needs a look. Budget thresholds, forecasts and unusual spend open alerts here.</p>;
  return (
    <ul className="grid gap-3" data-testid="open-alerts">
      {alerts.newest.map((alert) => {
        const about = alert.budget_id ? (alert.budget_name ?? "A deleted budget") : alert.facts?.kind === "health" || alert.facts?.kind === "reconciliation" ? `Service ${alert.facts.service}` : KIND_LABELS[alert.kind];
        return (
          <li key={alert.id} className="grid gap-1 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <Link href={`/${slug}/alerts?alert=${alert.id}`} className="font-medium underline-offset-4 hover:underline [overflow-wrap:anywhere]">
                {about}
              </Link>
              {alert.subject ? <span className="text-muted-foreground [overflow-wrap:anywhere]">for {alert.subject}</span> : null}
            </p>
            <p className="text-muted-foreground [overflow-wrap:anywhere]">{alert.facts ? describeFacts(alert.facts) : KIND_LABELS[alert.kind]}</p>
            <p className="text-xs text-muted-foreground">Fired {formatTimestamp(new Date(alert.fired_at), timeZone)}</p>
          </li>
        );
      })}
    </ul>
  );
}
