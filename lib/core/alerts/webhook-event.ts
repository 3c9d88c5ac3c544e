/**
 * Webhook bodies, Standard Webhooks style: `{ type, timestamp, data }`, signed by the dispatcher
 * (webhook-id / webhook-timestamp / webhook-signature headers). The shapes below are the public
 * contract for receivers: fields are only ever added, never renamed or removed.
 *
 *   alert.fired, alert.resolved → data: WebhookAlertData
 *     { id, org: { id, name, slug }, kind: "actual" | "forecast" | "anomaly" | "health" | "reconciliation",
 *       severity: "info" | "warning" | "critical", status: "open" | "resolved", summary,
 *       budget: { id, name } | null, subject: string | null (per-subject budgets),
 *       period: { start, end | null } | null, fired_at, resolved_at, resolved_reason,
 *       facts (see lib/core/alerts/alert-facts.ts: money as decimal strings), resolved_facts, url }
 *   endpoint.test → data: { org, channel_name, requested_by, message, url }
 *   action.requested, action.undone → data: WebhookActionData
 *     { run_id, action_id, alert: WebhookAlertData (as of the call) } — sent by a `call_webhook`
 *     alert action when its rule fires (after approval, if asked) and when a person undoes it; the
 *     webhook-id is the run id (`<run_id>-undo` for action.undone), the same on every retry.
 *
 * Times are ISO 8601 in UTC. `timestamp` is when the event happened (fired, resolved, the test
 * was asked for).
 */
import type { AlertFacts } from "./alert-facts.ts";
import { summarizeAlert } from "./alert-summary.ts";
import type { AlertPayload, TestPayload } from "./notification-payload.ts";

export type WebhookEventType = "alert.fired" | "alert.resolved" | "endpoint.test" | "action.requested" | "action.undone";

export type WebhookEvent<Data> = { type: WebhookEventType; timestamp: string; data: Data };

type WebhookOrg = { id: string; name: string; slug: string };

export type WebhookAlertData = {
  id: string;
  org: WebhookOrg;
  kind: AlertFacts["kind"];
  severity: "info" | "warning" | "critical";
  status: "open" | "resolved";
  /** The same sentence as the email's subject, without severity and org. */
  summary: string;
  budget: { id: string; name: string | null } | null;
  subject: string | null;
  period: { start: string; end: string | null } | null;
  fired_at: string;
  resolved_at: string | null;
  resolved_reason: "period_ended" | "condition_cleared" | null;
  facts: AlertFacts;
  resolved_facts: AlertFacts | null;
  url: string;
};

export type WebhookActionData = { run_id: string; action_id: string | null; alert: WebhookAlertData };

export type WebhookTestData = {
  org: WebhookOrg;
  channel_name: string;
  requested_by: string | null;
  message: string;
  url: string;
};

function iso(value: string): string {
  return new Date(value).toISOString();
}

function orgOf(payload: AlertPayload | TestPayload): WebhookOrg {
  return { id: payload.org.id, name: payload.org.name, slug: payload.org.slug };
}

export function alertWebhookEvent(payload: AlertPayload, link: string, timeZone: string | undefined): WebhookEvent<WebhookAlertData> {
  const alert = payload.alert;
  const resolved = payload.type === "alert_resolved";
  const data: WebhookAlertData = {
    id: alert.id,
    org: orgOf(payload),
    kind: alert.kind,
    severity: alert.severity,
    status: resolved ? "resolved" : "open",
    summary: summarizeAlert(payload, timeZone, "symbol").headline,
    budget: alert.budget_id === null ? null : { id: alert.budget_id, name: alert.budget_name },
    subject: alert.subject === "" ? null : alert.subject,
    period: alert.period_start === null ? null : { start: iso(alert.period_start), end: alert.period_end === null ? null : iso(alert.period_end) },
    fired_at: iso(alert.fired_at),
    resolved_at: alert.resolved_at === null ? null : iso(alert.resolved_at),
    resolved_reason: alert.resolved_reason,
    facts: alert.facts,
    resolved_facts: alert.resolved_facts,
    url: link,
  };
  // A resolved payload without its time would be a bug upstream; the firing time is the honest fallback.
  const timestamp = resolved && alert.resolved_at !== null ? alert.resolved_at : alert.fired_at;
  return { type: resolved ? "alert.resolved" : "alert.fired", timestamp: iso(timestamp), data };
}

export function testWebhookEvent(payload: TestPayload, link: string, now: Date): WebhookEvent<WebhookTestData> {
  const data: WebhookTestData = {
    org: orgOf(payload),
    channel_name: payload.channel_name,
    requested_by: payload.requested_by,
    message: `This test event shows that the webhook channel "${payload.channel_name}" of ${payload.org.name} reaches you. Alerts arrive as alert.fired and alert.resolved.`,
    url: link,
  };
  return { type: "endpoint.test", timestamp: now.toISOString(), data };
}

/** A call_webhook action's delivery: the alert as it stands, and which run asks (or takes it back). */
export function actionWebhookEvent(
  type: "action.requested" | "action.undone",
  run: { id: string; action_id: string | null },
  payload: AlertPayload,
  link: string,
  now: Date,
): WebhookEvent<WebhookActionData> {
  const alert = alertWebhookEvent(payload, link, undefined).data;
  return { type, timestamp: now.toISOString(), data: { run_id: run.id, action_id: run.action_id, alert } };
}
