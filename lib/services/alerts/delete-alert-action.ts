/** Removes an automated action from its rule (admins; API keys with "write"); its past runs stay, as history. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { ACTION_NOT_FOUND } from "./action-rows";

export async function deleteAlertAction(caller: AlertCaller, actionId: string): Promise<void> {
  const id = parseInput(uuidField, actionId);
  await asAlertCaller(caller, "manage", async (tx, org) => {
    const deleted = await tx`delete from public.alert_actions where id = ${id} and org_id = ${org.id}`;
    if (deleted.count === 0) throw new NotFoundError(ACTION_NOT_FOUND);
  });
}
