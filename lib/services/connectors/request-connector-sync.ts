/** "Sync now" (admins): the connector (costs, or Make's usage) is due at once, and the sync function is poked after the commit. */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { selectConnector } from "./connector-rows";
import type { Connector } from "./connector-schemas";

export async function requestConnectorSync(ctx: OrgContext, connectorId: string): Promise<Connector> {
  requireConnectorAdmin(ctx);
  const id = parseInput(uuidField, connectorId);
  return asActor(ctx.actor, async (tx) => {
    await selectConnector(tx, ctx.org.id, id);
    await tx`update public.connectors set sync_next_at = now() where id = ${id} and org_id = ${ctx.org.id}`;
    return selectConnector(tx, ctx.org.id, id);
  });
}
