import { ChevronDown, ChevronUp } from "lucide-react";
import Link from "next/link";
import { describeDelivery, describeFacts, describeResolution, KIND_LABELS } from "@/components/alerts/describe-alert";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { Badge } from "@/components/ui/badge";
import { summarizeAlert } from "@/lib/core/alerts/alert-summary";
import type { AlertView } from "@/lib/services/alerts/alert-row";
import type { NotificationLogEntry } from "@/lib/services/alerts/get-alert";
import type { Organization } from "@/lib/tenancy/context";
import { cn, formatTimestamp } from "@/lib/utils";
import type { AlertActionRun } from "@/lib/services/alerts/action-schemas";
import { AckDialog } from "./ack-dialog";
import { ActionRuns } from "./action-runs";
import { DeliveryLog } from "./delivery-log";

const STATUS_LABELS: Record<AlertView["status"], string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

type AlertItemProps = {
  org: Pick<Organization, "id" | "name" | "slug" | "timezone">;
  alert: AlertView;
  canAcknowledge: boolean;
  /**
   * Opened (the URL's ?alert=): the facts in full, what its automated actions did (admins may
   * approve, decline or undo) and, for admins, the delivery log (null: not theirs to see).
   */
  expanded: { log: NotificationLogEntry[] | null; runs: AlertActionRun[]; canDecide: boolean } | null;
  /** Where "Details" and "Hide" go: this page with or without ?alert=. */
  detailsHref: string;
};

/** The facts as the messages list them, so the app and the email say the same. */
function factLines(org: AlertItemProps["org"], alert: AlertView) {
  if (!alert.facts) return [];
  const payload = {
    type: alert.status === "resolved" ? ("alert_resolved" as const) : ("alert_fired" as const),
    org: { id: org.id, name: org.name, slug: org.slug },
    alert: { ...alert, facts: alert.facts },
  };
  return summarizeAlert(payload, org.timezone, "symbol").facts;
}

export function AlertItem({ org, alert, canAcknowledge, expanded, detailsHref }: AlertItemProps) {
  const when = (value: string) => formatTimestamp(new Date(value), org.timezone);
  const what = alert.facts ? describeFacts(alert.facts) : "The details of this alert could not be read.";
  const about = alert.budget_id ? alert.budget_name ?? "A deleted budget" : alert.facts?.kind === "health" || alert.facts?.kind === "reconciliation" ? `Service ${alert.facts.service}` : "";
  return (
    <li
      id={`alert-${alert.id}`}
      className={cn("grid scroll-mt-24 grid-cols-[minmax(0,1fr)] gap-3 px-6 py-4", expanded ? "bg-primary/[0.03] ring-2 ring-primary/40 ring-inset" : undefined)}
      data-testid="alert-row"
      data-status={alert.status}
    >
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
        <div className="grid min-w-0 gap-1">
          <p className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={alert.severity} />
            <span className="text-sm font-medium">{KIND_LABELS[alert.kind]}</span>
            {alert.budget_id ? (
              <Link href={`/${org.slug}/budgets/${alert.budget_id}`} className="text-sm font-medium underline-offset-2 hover:underline [overflow-wrap:anywhere]">
                {about}
              </Link>
            ) : (
              <span className="text-sm font-medium [overflow-wrap:anywhere]">{about}</span>
            )}
            {alert.subject ? <span className="text-sm text-muted-foreground [overflow-wrap:anywhere]">for {alert.subject}</span> : null}
            <Badge variant={alert.status === "open" ? "default" : "secondary"} data-testid="alert-status">
              {STATUS_LABELS[alert.status]}
            </Badge>
          </p>
          <p className="text-sm [overflow-wrap:anywhere]" data-testid="alert-what">
            {what}
          </p>
          <p className="text-xs text-muted-foreground">
            Fired {when(alert.fired_at)} · <span data-testid="alert-delivery">{describeDelivery(alert)}</span>
          </p>
          {alert.acknowledged_at ? (
            <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]" data-testid="alert-ack">
              Acknowledged {when(alert.acknowledged_at)}
              {alert.acknowledged_by_email ? ` by ${alert.acknowledged_by_email}` : alert.acknowledged_by ? "" : " through the API"}
              {alert.ack_note ? ` — “${alert.ack_note}”` : ""}
            </p>
          ) : null}
          {alert.resolved_at ? (
            <p className="text-xs text-muted-foreground">
              Resolved {when(alert.resolved_at)}: {describeResolution(alert)}.
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2 sm:justify-end">
          {alert.status === "open" && canAcknowledge ? <AckDialog orgSlug={org.slug} alertId={alert.id} title={`${about ? `${about}: ` : ""}${what}`} /> : null}
          <Link
            href={detailsHref}
            scroll={false}
            aria-expanded={expanded ? true : false}
            className="inline-flex h-8 items-center gap-1 rounded-md border border-input bg-card px-3 text-[13px] font-medium shadow-xs hover:bg-muted"
          >
            {expanded ? <ChevronUp className="size-4" aria-hidden /> : <ChevronDown className="size-4" aria-hidden />}
            {expanded ? "Hide details" : "Details"}
          </Link>
        </div>
      </div>
      {expanded ? (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4" data-testid="alert-details">
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
            {factLines(org, alert).map((fact) => (
              <div key={fact.label} className="contents">
                <dt className="text-muted-foreground">{fact.label}</dt>
                <dd className="[overflow-wrap:anywhere]">{fact.value}</dd>
              </div>
            ))}
          </dl>
          <ActionRuns orgSlug={org.slug} runs={expanded.runs} timeZone={org.timezone} canDecide={expanded.canDecide} />
          {expanded.log ? (
            <div className="grid grid-cols-[minmax(0,1fr)] gap-2">
              <h3 className="text-sm font-semibold">Delivery log</h3>
              <DeliveryLog entries={expanded.log} timeZone={org.timezone} />
            </div>
          ) : (
            <p className="text-xs text-muted-foreground">Admins see where each message went and how it fared.</p>
          )}
        </div>
      ) : null}
    </li>
  );
}
