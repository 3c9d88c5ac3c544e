/** Reads API keys of one organization for the settings page (RLS: admins and owners). */
import "server-only";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import type { ApiKeySummary } from "./api-key-row";

export function selectApiKeys(tx: Tx, ctx: OrgContext, id?: string) {
  return tx<ApiKeySummary[]>`
    select k.id, k.name, k.prefix, k.scopes, k.created_at as "createdAt", creator.email as "createdByEmail",
      k.last_used_at as "lastUsedAt", k.revoked_at as "revokedAt", revoker.email as "revokedByEmail"
    from public.api_keys k
    left join private.org_members(${ctx.org.id}) creator on creator.user_id = k.created_by
    left join private.org_members(${ctx.org.id}) revoker on revoker.user_id = k.revoked_by
    where k.org_id = ${ctx.org.id} ${id ? tx`and k.id = ${id}` : tx``}
    order by k.revoked_at is not null, k.created_at desc`;
}

export async function getApiKey(tx: Tx, ctx: OrgContext, id: string): Promise<ApiKeySummary> {
  const [row] = await selectApiKeys(tx, ctx, id);
  if (!row) throw new NotFoundError("That API key doesn't exist.");
  return row;
}
