/**
 * Connects a provider whose costs Spendguard syncs (admins): the credentials are tried first
 * (verify-cost-credentials.ts) and nothing is stored if the provider refuses them; then they go
 * into Vault through the table, and the connector is due at once — the sync-connectors function is
 * poked after the commit and backfills the last 30 days.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { selectConnector } from "./connector-rows";
import { CreateCostConnectorInput, type Connector } from "./connector-schemas";
import { verifyCostCredentials } from "./verify-cost-credentials";

export async function createCostConnector(ctx: OrgContext, input: CreateCostConnectorInput): Promise<{ connector: Connector; yesterday: number }> {
  requireConnectorAdmin(ctx);
  const { provider, name, ...credentials } = parseInput(CreateCostConnectorInput, input);
  const stored = JSON.stringify(credentials);
  const yesterday = await verifyCostCredentials(provider, stored);
  const connector = await asActor(ctx.actor, async (tx) => {
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.connectors (org_id, provider, name, credentials) values (${ctx.org.id}, ${provider}, ${name}, ${stored}) returning id`;
    return selectConnector(tx, ctx.org.id, id);
  });
  return { connector, yesterday: yesterday.length };
}
