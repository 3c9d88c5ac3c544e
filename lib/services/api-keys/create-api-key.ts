/** Creates an API key (admins and owners). The secret is returned here, once, and stored nowhere. */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { getApiKey } from "./get-api-key";
import type { ApiKeySummary } from "./api-key-row";
import { CreateApiKeyInput } from "./schemas";
import { newApiKeySecret } from "./secret";

export type CreateApiKeyResult = { apiKey: ApiKeySummary; secret: string };

export async function createApiKey(ctx: OrgContext, input: { name: string; scopes: readonly string[] }): Promise<CreateApiKeyResult> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can create API keys.");
  const { name, scopes } = parseInput(CreateApiKeyInput, input);
  const { secret, prefix, hash } = newApiKeySecret();
  const apiKey = await asActor(ctx.actor, async (tx) => {
    const [{ id }] = await tx<{ id: string }[]>`
      select private.create_api_key(${ctx.org.id}, ${name}, ${scopes}, ${prefix}, ${hash}) as id`;
    return getApiKey(tx, ctx, id);
  });
  return { apiKey, secret };
}
