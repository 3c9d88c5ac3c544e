/** One alert rule; another organization's id is not found (viewers and up; API keys with "read"). */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectRule } from "./rule-row";
import { RuleIdInput, type AlertRule } from "./rule-schemas";

export async function getAlertRule(caller: AlertCaller, ruleId: string): Promise<AlertRule> {
  const { ruleId: id } = parseInput(RuleIdInput, { ruleId });
  return asAlertCaller(caller, "read", (tx, org) => selectRule(tx, org.id, id));
}
