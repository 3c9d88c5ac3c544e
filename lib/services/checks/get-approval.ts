/**
 * GET /api/v1/approvals/{id}: the caller polls its request. The key's own organization only;
 * another organization's id (or a malformed one) is not found, like a missing one.
 */
import "server-only";
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { NotFoundError } from "@/lib/services/errors";
import type { ApprovalResponse } from "./schemas";

type Approval = z.input<typeof ApprovalResponse>;

export async function getApproval(principal: ApiKeyPrincipal, id: string): Promise<Approval> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No such approval request.");
  const [row] = await asApiKey(principal, (tx) => tx<{ id: string; status: Approval["status"]; amount: string | null; reason: string | null;
    decided_at: Date | null; expires_at: Date; created_at: Date; reservation_id: string | null }[]>`
    select a.id, a.status, a.amount::text, a.reason, a.decided_at, a.expires_at, a.created_at,
      (select r.id from public.reservations r where r.approval_id = a.id and r.status <> 'not_held' limit 1) as reservation_id
    from public.approvals a where a.id = ${id} and a.org_id = ${principal.org.id}`);
  if (!row) throw new NotFoundError("No such approval request.");
  return {
    ...row,
    decided_at: row.decided_at?.toISOString() ?? null,
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}
