/**
 * What the rule lists need to show and add automated actions: the organization's actions and,
 * for admins (who alone may see keys), the live API keys an action may take a scope from; and the
 * Make connectors an action may stop scenarios through and (admins) the verified webhook channels
 * an action may call.
 */
import "server-only";
import { listAlertActions } from "@/lib/services/alerts/list-alert-actions";
import { listChannels } from "@/lib/services/alerts/list-channels";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { listConnectors } from "@/lib/services/connectors/list-connectors";
import { byUser } from "@/lib/services/budgets/budget-caller";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import type { RuleAutomationOptions } from "./rule-list";

export async function automationOptions(ctx: OrgContext): Promise<RuleAutomationOptions> {
  const admin = isAtLeast(ctx.org.role, "admin");
  const [actions, keys, connectors, channels] = await Promise.all([
    listAlertActions(byUser(ctx)),
    admin ? listApiKeys(ctx) : Promise.resolve([]),
    listConnectors(ctx),
    admin ? listChannels(ctx) : Promise.resolve([]),
  ]);
  return {
    actions,
    keys: keys.filter((key) => key.revokedAt === null).map(({ id, name, prefix, scopes }) => ({ id, name, prefix, scopes })),
    connectors: connectors.filter((connector) => connector.provider === "make").map(({ id, name }) => ({ id, name })),
    webhooks: channels.filter((channel) => channel.kind === "webhook" && channel.status === "verified").map(({ id, name }) => ({ id, name })),
  };
}
