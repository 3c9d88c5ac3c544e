/** "Sync now" (admins): the cost connector is due at once, and the sync function is poked after the commit. */
import "server-only";
import { InvalidError } from "@/lib/services/errors";
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
    const connector = await selectConnector(tx, ctx.org.id, id);
    if (connector.provider === "make") throw new InvalidError("Make connectors act on scenarios; they have no costs to sync.");
    await tx`update public.connectors set sync_next_at = now() where id = ${id} and org_id = ${ctx.org.id}`;
    return selectConnector(tx, ctx.org.id, id);
  });
}
