/** Deletes an alert rule and, with it, its alerts (admins; API keys with "write"). Another organization's rule is not found. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { RULE_NOT_FOUND } from "./rule-row";
import { RuleIdInput } from "./rule-schemas";

export async function deleteAlertRule(caller: AlertCaller, ruleId: string): Promise<void> {
  const { ruleId: id } = parseInput(RuleIdInput, { ruleId });
  await asAlertCaller(caller, "manage", async (tx, org) => {
    const deleted = await tx`delete from public.alert_rules where id = ${id} and org_id = ${org.id}`;
    if (deleted.count === 0) throw new NotFoundError(RULE_NOT_FOUND);
  });
}
