/** The organization's connectors (every member), without their credentials. */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { selectConnectors } from "./connector-rows";
import type { Connector } from "./connector-schemas";

export function listConnectors(ctx: OrgContext): Promise<Connector[]> {
  return asActor(ctx.actor, (tx) => selectConnectors(tx, ctx.org.id));
}
