/**
 * Asks for every unpriced event of the organization to be priced again — after a catalog update,
 * say; changes of overrides and rates queue their own jobs. Admins and owners. While such a job
 * is still open, asking again returns it rather than queueing the same work twice.
 */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { queueUnpricedReprice } from "./reprice-events";

export async function startUnpricedReprice(ctx: OrgContext): Promise<{ jobId: string }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can start repricing.");
  const [open] = await asActor(ctx.actor, (tx) => tx<{ id: string }[]>`
    select id from public.reprice_jobs where org_id = ${ctx.org.id} and reason = 'unpriced' and finished_at is null limit 1`);
  return { jobId: open?.id ?? (await queueUnpricedReprice(ctx.org.id, ctx.actor.userId)) };
}
