/**
 * Removes a connector (admins): its secret leaves Vault with it, and the alert actions that used
 * it go too (their past runs stay, as history). Another organization's id is not found.
 */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { CONNECTOR_NOT_FOUND } from "./connector-rows";

export async function deleteConnector(ctx: OrgContext, connectorId: string): Promise<void> {
  requireConnectorAdmin(ctx);
  const id = parseInput(uuidField, connectorId);
  const deleted = await asActor(ctx.actor, (tx) => tx`delete from public.connectors where id = ${id} and org_id = ${ctx.org.id} returning id`);
  if (deleted.length === 0) throw new NotFoundError(CONNECTOR_NOT_FOUND);
}
