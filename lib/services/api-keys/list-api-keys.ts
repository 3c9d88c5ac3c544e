/** The organization's API keys, active first, then revoked ones (kept as history). Admins and owners. */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import type { ApiKeySummary } from "./api-key-row";
import { selectApiKeys } from "./get-api-key";

export async function listApiKeys(ctx: OrgContext): Promise<ApiKeySummary[]> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can see API keys.");
  return asActor(ctx.actor, (tx) => selectApiKeys(tx, ctx));
}
