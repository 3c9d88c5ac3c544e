/** The approvals page: pending requests first (oldest first), then the 50 most recent decided ones. */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";

export type ApprovalRow = {
  id: string;
  status: "pending" | "approved" | "denied" | "expired";
  amount: string | null;
  budgets: { name: string; remaining_before: string }[];
  request: Record<string, unknown>;
  reason: string | null;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  expires_at: Date;
  created_at: Date;
};

export async function listApprovals(ctx: OrgContext): Promise<{ pending: ApprovalRow[]; decided: ApprovalRow[] }> {
  const rows = await asActor(ctx.actor, (tx) => tx<ApprovalRow[]>`
    (select a.id, a.status, a.amount::text, a.budgets, a.request, a.reason, k.name as requested_by, u.email::text as decided_by,
       a.decided_at, a.expires_at, a.created_at
     from public.approvals a left join public.api_keys k on k.id = a.requested_by
       left join lateral (select m.email from private.org_members(${ctx.org.id}) m where m.user_id = a.decided_by) u on true
     where a.org_id = ${ctx.org.id} and a.status = 'pending' and a.expires_at > now()
     order by a.created_at limit 200)
    union all
    (select a.id, case when a.status = 'pending' then 'expired' else a.status end, a.amount::text, a.budgets, a.request, a.reason,
       k.name, u.email::text, a.decided_at, a.expires_at, a.created_at
     from public.approvals a left join public.api_keys k on k.id = a.requested_by
       left join lateral (select m.email from private.org_members(${ctx.org.id}) m where m.user_id = a.decided_by) u on true
     where a.org_id = ${ctx.org.id} and (a.status <> 'pending' or a.expires_at <= now())
     order by coalesce(a.decided_at, a.expires_at) desc limit 50)`);
  return { pending: rows.filter((row) => row.status === "pending"), decided: rows.filter((row) => row.status !== "pending") };
}
