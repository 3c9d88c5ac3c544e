/**
 * Alerts as the verbs return them: the API's fields, plus what the alert center shows — who
 * acknowledged (by email, for members) and how many messages went out per channel (for admins
 * and API keys: the delivery log is admins' under RLS, so members see only the delivery word).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { alertFactsSchema, type AlertFacts } from "@/lib/core/alerts/alert-facts";
import { NotFoundError } from "@/lib/services/errors";
import type { Alert } from "./alert-schemas";

export type AlertView = Alert & {
  /** The budget's period kind and time zone, which its dates are cut in (as the messages say them). */
  budget_period: string | null;
  budget_timezone: string | null;
  acknowledged_by_email: string | null;
  /** Messages queued when it fired, per channel; null when the caller may not see the delivery log. */
  notified: { email: number; sms: number; webhook: number } | null;
};

export type AlertFilter = {
  id?: string;
  status?: Alert["status"];
  kind?: Alert["kind"];
  severity?: Alert["severity"];
  budgetId?: string;
  /** Keyset: alerts strictly older than this (fired_at as text, id). */
  before?: { firedAt: string; id: string };
  limit: number;
};

type Row = Omit<AlertView, "facts" | "resolved_facts" | "notified" | "period_start" | "period_end" | "fired_at" | "acknowledged_at" | "resolved_at"> & {
  facts: unknown;
  resolved_facts: unknown;
  notified: Record<string, number> | null;
  period_start: Date | null;
  period_end: Date | null;
  fired_at: Date;
  cursor_at: string;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
};

export const ALERT_NOT_FOUND = "We couldn't find that alert.";

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** Facts that do not validate (a row written by hand) show as unknown rather than failing the page. */
function facts(value: unknown): AlertFacts | null {
  const parsed = alertFactsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function toView(row: Row, withDeliveries: boolean): AlertView & { cursor_at: string } {
  const counts = row.notified ?? {};
  return {
    ...row,
    facts: facts(row.facts),
    resolved_facts: row.resolved_facts === null ? null : facts(row.resolved_facts),
    period_start: iso(row.period_start),
    period_end: iso(row.period_end),
    fired_at: row.fired_at.toISOString(),
    acknowledged_at: iso(row.acknowledged_at),
    resolved_at: iso(row.resolved_at),
    notified: withDeliveries ? { email: counts.email ?? 0, sms: counts.sms ?? 0, webhook: counts.webhook ?? 0 } : null,
  };
}

/**
 * The organization's alerts, newest first. `withDeliveries` only for callers who can read the
 * notifications (admins, API keys): for others RLS would make every count 0.
 */
export async function selectAlerts(tx: Tx, orgId: string, filter: AlertFilter, withDeliveries: boolean): Promise<(AlertView & { cursor_at: string })[]> {
  const rows = await tx<Row[]>`
    select a.id, a.rule_id, a.budget_id, b.name as budget_name, b.period ->> 'kind' as budget_period, b.timezone as budget_timezone, a.kind, a.severity, a.subject,
      case when isfinite(a.period_start) then a.period_start end as period_start,
      case when isfinite(a.period_end) then a.period_end end as period_end,
      a.status, a.facts, a.delivery, a.fired_at,
      to_char(a.fired_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
      a.acknowledged_at, a.acknowledged_by, m.email as acknowledged_by_email, a.ack_note,
      a.resolved_at, a.resolved_reason, a.resolved_facts,
      ${withDeliveries ? tx`(
        select jsonb_object_agg(n.channel, n.sent) from (
          select channel, count(*) as sent from public.notifications
          where alert_id = a.id and org_id = a.org_id and purpose = 'alert_fired' group by channel) n)` : tx`null::jsonb`} as notified
    from public.alerts a
    left join public.budgets b on b.id = a.budget_id
    left join private.org_members(${orgId}) m on m.user_id = a.acknowledged_by
    where a.org_id = ${orgId}
      ${filter.id === undefined ? tx`` : tx`and a.id = ${filter.id}`}
      ${filter.status === undefined ? tx`` : tx`and a.status = ${filter.status}`}
      ${filter.kind === undefined ? tx`` : tx`and a.kind = ${filter.kind}`}
      ${filter.severity === undefined ? tx`` : tx`and a.severity = ${filter.severity}`}
      ${filter.budgetId === undefined ? tx`` : tx`and a.budget_id = ${filter.budgetId}`}
      ${filter.before === undefined ? tx`` : tx`and (a.fired_at, a.id) < (${filter.before.firedAt}::timestamptz, ${filter.before.id}::uuid)`}
    order by a.fired_at desc, a.id desc
    limit ${filter.limit}`;
  return rows.map((row) => toView(row, withDeliveries));
}

export async function selectAlert(tx: Tx, orgId: string, id: string, withDeliveries: boolean): Promise<AlertView> {
  const [alert] = await selectAlerts(tx, orgId, { id, limit: 1 }, withDeliveries);
  if (!alert) throw new NotFoundError(ALERT_NOT_FOUND);
  const { cursor_at: _cursor, ...view } = alert;
  return view;
}
