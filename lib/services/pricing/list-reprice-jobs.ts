/**
 * Repricing jobs: the oldest open ones (the order they are worked through) with how many are open
 * in all, and the latest finished. Any member may read them.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import type { RepriceJobRow } from "./pricing-rows";

export const OPEN_JOBS_SHOWN = 20;
export const FINISHED_JOBS_SHOWN = 10;

export type RepriceJobList = { open: RepriceJobRow[]; openCount: number; finished: RepriceJobRow[] };

function selectJobs(tx: Tx, ctx: OrgContext, open: boolean) {
  return tx<RepriceJobRow[]>`
    select j.id, j.reason, j.service, j.model, j.original_currency as "originalCurrency", j.occurred_from as "occurredFrom",
      j.total::float8 as total, j.scanned::float8 as scanned, j.changed::float8 as changed, j.created_at as "createdAt",
      j.finished_at as "finishedAt", creator.email as "createdByEmail"
    from public.reprice_jobs j
    left join private.org_members(${ctx.org.id}) creator on creator.user_id = j.created_by
    where j.org_id = ${ctx.org.id} and (j.finished_at is null) = ${open}
    order by ${open ? tx`j.created_at` : tx`j.finished_at desc`}
    limit ${open ? OPEN_JOBS_SHOWN : FINISHED_JOBS_SHOWN}`;
}

export function listRepriceJobs(ctx: OrgContext): Promise<RepriceJobList> {
  return asActor(ctx.actor, async (tx) => {
    const [{ openCount }] = await tx<{ openCount: number }[]>`
      select count(*)::int as "openCount" from public.reprice_jobs where org_id = ${ctx.org.id} and finished_at is null`;
    return { open: await selectJobs(tx, ctx, true), openCount, finished: await selectJobs(tx, ctx, false) };
  });
}
