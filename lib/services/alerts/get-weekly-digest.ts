/** Whether the signed-in member gets this organization's weekly digest email (any role; their own membership). */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";

export async function getWeeklyDigest(ctx: OrgContext): Promise<boolean> {
  const [row] = await asActor(ctx.actor, (tx) => tx<{ weekly_digest: boolean }[]>`
    select weekly_digest from public.memberships where org_id = ${ctx.org.id} and user_id = ${ctx.actor.userId}`);
  return row?.weekly_digest ?? false;
}
