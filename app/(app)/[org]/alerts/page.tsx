import { CircleAlert, Settings2, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { alertKindSchema, severitySchema } from "@/lib/core/alerts/alert-facts";
import type { AlertView } from "@/lib/services/alerts/alert-row";
import { ALERT_STATUSES } from "@/lib/services/alerts/alert-schemas";
import type { Channel } from "@/lib/services/alerts/channel-row";
import type { AlertActionRun } from "@/lib/services/alerts/action-schemas";
import { getAlert, type AlertWithLog } from "@/lib/services/alerts/get-alert";
import { listActionRuns } from "@/lib/services/alerts/list-action-runs";
import { listAlerts, type AlertPage } from "@/lib/services/alerts/list-alerts";
import { listChannels } from "@/lib/services/alerts/list-channels";
import { byUser } from "@/lib/services/budgets/budget-caller";
import { ServiceError } from "@/lib/services/errors";
import { requireOrg } from "@/lib/tenancy/current-org";
import { isAtLeast } from "@/lib/tenancy/roles";
import { firstValue, type SearchParams } from "@/lib/utils";
import { PageHeader } from "../_components/page-header";
import { AlertFilters } from "./_components/alert-filters";
import { AlertItem } from "./_components/alert-item";
import { ScrollToAlert } from "./_components/scroll-to-alert";

export const metadata: Metadata = { title: "Alerts" };

const PAGE_SIZE = 25;
const STATUS_VIEWS = [...ALERT_STATUSES, "all"] as const;
type StatusView = (typeof STATUS_VIEWS)[number];

const EMPTY: Record<StatusView, string> = {
  open: "No open alerts. Budgets are within their rules.",
  acknowledged: "No acknowledged alerts waiting to resolve.",
  resolved: "No resolved alerts yet.",
  all: "No alerts yet. They appear here when a rule fires.",
};

type Props = { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> };

export default async function AlertsPage({ params, searchParams }: Props) {
  const ctx = await requireOrg((await params).org);
  const { org } = ctx;
  const query = await searchParams;
  // Unknown values in a hand-edited URL fall back to the default view instead of an error page.
  const status = STATUS_VIEWS.find((value) => value === firstValue(query.status)) ?? "open";
  const kind = alertKindSchema.safeParse(firstValue(query.kind)).data;
  const severity = severitySchema.safeParse(firstValue(query.severity)).data;
  const cursor = firstValue(query.cursor);
  const openedId = firstValue(query.alert);

  let page: AlertPage | null = null;
  let opened: AlertWithLog | null = null;
  let runs: AlertActionRun[] = [];
  let channels: Channel[] = [];
  let problem: string | null = null;
  let openedProblem: string | null = null;
  try {
    [page, channels] = await Promise.all([
      listAlerts(byUser(ctx), { status, kind, severity, cursor, limit: PAGE_SIZE }),
      isAtLeast(org.role, "member") ? listChannels(ctx) : Promise.resolve([]),
    ]);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }
  if (openedId) {
    try {
      opened = await getAlert(byUser(ctx), openedId);
      runs = await listActionRuns(byUser(ctx), { alert_id: opened.alert.id });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      openedProblem = "That alert doesn't exist in this organization any more.";
    }
  }

  const href = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ status: status === "open" ? null : status, kind: kind ?? null, severity: severity ?? null, cursor: cursor ?? null, ...changes })) {
      if (value) next.set(key, value);
    }
    const text = next.toString();
    return `/${org.slug}/alerts${text ? `?${text}` : ""}`;
  };
  const disabled = channels.filter((channel) => channel.status === "disabled");
  const canAcknowledge = isAtLeast(org.role, "member");
  const inList = opened !== null && page?.alerts.some((alert) => alert.id === opened.alert.id);
  const item = (alert: AlertView) => {
    const isOpened = opened?.alert.id === alert.id;
    return (
      <AlertItem
        key={alert.id}
        org={org}
        alert={isOpened && opened ? opened.alert : alert}
        canAcknowledge={canAcknowledge}
        expanded={isOpened && opened ? { log: opened.notifications, runs, canDecide: isAtLeast(org.role, "admin") } : null}
        detailsHref={isOpened ? href({ alert: null }) : href({ alert: alert.id })}
      />
    );
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader title="Alerts" description="What your alert rules caught: acknowledge what you have seen; alerts resolve when their period ends or the condition clears.">
        <Button asChild variant="outline">
          <Link href={`/${org.slug}/alerts/rules`}>
            <Settings2 /> Alert rules
          </Link>
        </Button>
      </PageHeader>

      {disabled.length ? (
        <Alert variant="destructive" data-testid="disabled-channels">
          <TriangleAlert />
          <AlertDescription>
            {disabled.length === 1 ? "A notification channel is disabled" : `${disabled.length} notification channels are disabled`} and receives nothing:{" "}
            {disabled.map((channel) => `${channel.name}${channel.disabled_reason ? ` (${channel.disabled_reason})` : ""}`).join(", ")}.{" "}
            <Link href={`/${org.slug}/settings/channels`} className="font-medium underline underline-offset-2">
              Fix it in Channels
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}

      {openedProblem ? (
        <Alert>
          <CircleAlert />
          <AlertDescription>{openedProblem}</AlertDescription>
        </Alert>
      ) : null}

      {opened && !inList ? (
        <Card className="gap-2 pb-0" data-testid="opened-alert">
          <CardHeader>
            <CardTitle className="text-base">The alert you opened</CardTitle>
          </CardHeader>
          <ul className="border-t">{item(opened.alert)}</ul>
        </Card>
      ) : null}
      {opened ? <ScrollToAlert alertId={opened.alert.id} /> : null}

      <AlertFilters status={status} kind={kind ?? ""} severity={severity ?? ""} />

      <Card className="gap-0 py-0">
        <CardHeader className="sr-only">
          <CardTitle>Alert list</CardTitle>
          <CardDescription>Newest first.</CardDescription>
        </CardHeader>
        {problem ? (
          <div className="p-6">
            <Alert variant="destructive">
              <CircleAlert />
              <AlertDescription>{problem}</AlertDescription>
            </Alert>
          </div>
        ) : page?.alerts.length ? (
          <ul className="divide-y" data-testid="alert-list">
            {page.alerts.map(item)}
          </ul>
        ) : (
          <p className="px-6 py-8 text-sm text-muted-foreground" data-testid="no-alerts">
            {kind || severity ? "No alerts match these filters." : EMPTY[status]}
          </p>
        )}
      </Card>

      {cursor || page?.next_cursor ? (
        <nav aria-label="Pages" className="flex justify-between gap-2">
          {cursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ cursor: null, alert: null })}>Newest</Link>
            </Button>
          ) : (
            <span />
          )}
          {page?.next_cursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ cursor: page.next_cursor, alert: null })}>Older alerts</Link>
            </Button>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
