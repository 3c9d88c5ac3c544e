/**
 * Revokes a key: it stops working at once in this process and within the lookup cache's lifetime
 * elsewhere (see authenticate-api-key.ts). The row stays, for the list and the audit trail.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import type { ApiKeySummary } from "./api-key-row";
import { forgetApiKey } from "./authenticate-api-key";
import { getApiKey } from "./get-api-key";
import { ApiKeyIdInput } from "./schemas";

export async function revokeApiKey(ctx: OrgContext, input: { apiKeyId: string }): Promise<ApiKeySummary> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can revoke API keys.");
  const { apiKeyId } = parseInput(ApiKeyIdInput, input);
  const revoked = await asActor(ctx.actor, async (tx) => {
    const result = await tx`
      update public.api_keys set revoked_at = now(), revoked_by = ${ctx.actor.userId}
      where id = ${apiKeyId} and org_id = ${ctx.org.id} and revoked_at is null`;
    if (result.count === 0) throw new NotFoundError("That API key doesn't exist or is already revoked.");
    return getApiKey(tx, ctx, apiKeyId);
  });
  forgetApiKey(apiKeyId);
  return revoked;
}
