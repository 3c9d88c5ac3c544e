/**
 * What the rule lists need to show and add automated actions: the organization's actions and,
 * for admins (who alone may see keys), the live API keys an action may take a scope from.
 */
import "server-only";
import { listAlertActions } from "@/lib/services/alerts/list-alert-actions";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { byUser } from "@/lib/services/budgets/budget-caller";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import type { RuleAutomationOptions } from "./rule-list";

export async function automationOptions(ctx: OrgContext): Promise<RuleAutomationOptions> {
  const [actions, keys] = await Promise.all([
    listAlertActions(byUser(ctx)),
    isAtLeast(ctx.org.role, "admin") ? listApiKeys(ctx) : Promise.resolve([]),
  ]);
  return { actions, keys: keys.filter((key) => key.revokedAt === null).map(({ id, name, prefix, scopes }) => ({ id, name, prefix, scopes })) };
}
