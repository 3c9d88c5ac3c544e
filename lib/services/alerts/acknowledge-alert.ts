/**
 * Acknowledges an open alert, with an optional note (members and up; API keys with "write").
 * Only open alerts can be acknowledged: one already acknowledged or resolved is a 409 conflict.
 * For people the database stamps who and when (private.alerts_acknowledge, which also refuses
 * the transition when two acknowledge at once); an API key runs as service_role, which the
 * trigger leaves alone, so the time is set here and "by" stays empty (the audit log names the key).
 */
import "server-only";
import { ConflictError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { ALERT_NOT_FOUND, selectAlert, type AlertView } from "./alert-row";
import { AcknowledgeAlertBody, AlertIdInput } from "./alert-schemas";
import { seesDeliveries } from "./list-alerts";

export const NOT_OPEN = "Only an open alert can be acknowledged: this one was already acknowledged or has resolved.";

export async function acknowledgeAlert(caller: AlertCaller, alertId: string, input: AcknowledgeAlertBody): Promise<AlertView> {
  const { alertId: id } = parseInput(AlertIdInput, { alertId });
  const { note } = parseInput(AcknowledgeAlertBody, input);
  return asAlertCaller(caller, "acknowledge", async (tx, org) => {
    const [current] = await tx<{ status: string }[]>`select status from public.alerts where id = ${id} and org_id = ${org.id} for update`;
    if (!current) throw new NotFoundError(ALERT_NOT_FOUND);
    if (current.status !== "open") throw new ConflictError(NOT_OPEN);
    await tx`
      update public.alerts set status = 'acknowledged', ack_note = ${note ?? null}
        ${caller.kind === "api_key" ? tx`, acknowledged_at = now()` : tx``}
      where id = ${id} and org_id = ${org.id}`;
    return selectAlert(tx, org.id, id, seesDeliveries(caller));
  });
}
