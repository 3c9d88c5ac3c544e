/** The organization's automated actions, or one rule's (viewers and up; API keys with "read"); another organization's rule is not found. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectActions } from "./action-rows";
import { ListAlertActionsInput, type AlertAction } from "./action-schemas";
import { RULE_NOT_FOUND } from "./rule-row";

export async function listAlertActions(caller: AlertCaller, input: { rule_id?: string } = {}): Promise<AlertAction[]> {
  const { rule_id: ruleId } = parseInput(ListAlertActionsInput, input);
  return asAlertCaller(caller, "read", async (tx, org) => {
    if (ruleId !== undefined) {
      const [rule] = await tx`select 1 from public.alert_rules where id = ${ruleId} and org_id = ${org.id}`;
      if (!rule) throw new NotFoundError(RULE_NOT_FOUND);
    }
    return selectActions(tx, org.id, { ruleId });
  });
}
