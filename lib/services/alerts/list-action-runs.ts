/** What an alert's actions did (viewers and up; API keys with "read"); another organization's alert is not found. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectRuns } from "./action-rows";
import { ListActionRunsInput, type AlertActionRun } from "./action-schemas";

export async function listActionRuns(caller: AlertCaller, input: { alert_id: string }): Promise<AlertActionRun[]> {
  const { alert_id: alertId } = parseInput(ListActionRunsInput, input);
  return asAlertCaller(caller, "read", async (tx, org) => {
    const [alert] = await tx`select 1 from public.alerts where id = ${alertId} and org_id = ${org.id}`;
    if (!alert) throw new NotFoundError("We couldn't find that alert.");
    return selectRuns(tx, org.id, { alertId });
  });
}
