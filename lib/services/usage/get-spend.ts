/**
 * Spend over time for an API key (DESIGN §6, GET /api/v1/spend): the shared spend query
 * (spend-query.ts) in one transaction as the key. Runs as service_role, so the organization is
 * always the key's — read here, and filtered on explicitly by the query: nothing in the request
 * can name another tenant.
 */
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { NotFoundError } from "@/lib/services/errors";
import { querySpend } from "./spend-query";
import type { SpendRequest, SpendResult } from "./spend-schemas";

export async function getSpend(principal: ApiKeyPrincipal, query: SpendRequest): Promise<SpendResult> {
  return asApiKey(principal, async (tx) => {
    const [org] = await tx<{ timezone: string; base_currency: string }[]>`
      select timezone, base_currency from public.organizations where id = ${principal.org.id}`;
    if (!org) throw new NotFoundError("This API key's organization no longer exists.");
    return querySpend(tx, { id: principal.org.id, timezone: org.timezone, baseCurrency: org.base_currency }, query);
  });
}
