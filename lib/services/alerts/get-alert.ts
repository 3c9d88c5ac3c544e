/**
 * One alert with its delivery log: every message queued for it (fired and resolved), with the
 * channel, destination, status, attempts, last error and the provider's message id. Viewers and
 * up see the alert; the log only admins (destinations are personal data — RLS already limits
 * public.notifications to admins, this says so instead of showing an empty log).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectAlert, type AlertView } from "./alert-row";
import { AlertIdInput } from "./alert-schemas";
import { seesDeliveries } from "./list-alerts";

export type NotificationLogEntry = {
  id: string;
  purpose: string;
  channel: "email" | "sms" | "webhook";
  channel_name: string | null;
  destination: string;
  status: "pending" | "sending" | "sent" | "dead" | "rejected";
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_error_code: string | null;
  provider: string | null;
  provider_message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
};

export type AlertWithLog = { alert: AlertView; notifications: NotificationLogEntry[] | null };

function selectLog(tx: Tx, orgId: string, alertId: string): Promise<NotificationLogEntry[]> {
  return tx<NotificationLogEntry[]>`
    select n.id, n.purpose, n.channel, c.name as channel_name, n.destination, n.status, n.attempts, n.max_attempts,
      n.next_attempt_at, n.last_error, n.last_error_code, n.provider, n.provider_message_id, n.created_at, n.sent_at
    from public.notifications n
    left join public.notification_channels c on c.id = n.channel_id
    where n.org_id = ${orgId} and n.alert_id = ${alertId}
    order by n.created_at, n.id`;
}

export async function getAlert(caller: AlertCaller, alertId: string): Promise<AlertWithLog> {
  const { alertId: id } = parseInput(AlertIdInput, { alertId });
  const withLog = seesDeliveries(caller);
  return asAlertCaller(caller, "read", async (tx, org) => {
    const alert = await selectAlert(tx, org.id, id, withLog);
    return { alert, notifications: withLog ? await selectLog(tx, org.id, id) : null };
  });
}
