/**
 * Approves (done), declines or undoes an action run (admins; API keys with "write"). The status
 * is all that is written; private.alert_action_runs_decide admits only the allowed steps, carries
 * the action out on approval and reverses it on undo, in this transaction, and stamps who and
 * when. Audited by trigger.
 */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { RUN_NOT_FOUND, selectRun } from "./action-rows";
import { DecideActionRunInput, type AlertActionRun } from "./action-schemas";

export async function decideActionRun(caller: AlertCaller, runId: string, input: DecideActionRunInput): Promise<AlertActionRun> {
  const id = parseInput(uuidField, runId);
  const { status } = parseInput(DecideActionRunInput, input);
  return asAlertCaller(caller, "manage", async (tx, org) => {
    const updated = await tx`update public.alert_action_runs set status = ${status} where id = ${id} and org_id = ${org.id}`;
    if (updated.count === 0) throw new NotFoundError(RUN_NOT_FOUND);
    return selectRun(tx, org.id, id);
  });
}
