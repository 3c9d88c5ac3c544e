/**
 * An admin approves or denies a pending spend request, with a reason. The update policy and the
 * column grants admit admins only; private.approvals_decide (a trigger) admits only pending →
 * approved | denied before the request expires, stamps who and when, and — on approval — turns
 * the caller's waiting reservation into a hold (on denial, releases it). Audited by trigger.
 */
import "server-only";
import { z } from "zod";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";

export const DecideApprovalInput = z.object({
  approvalId: z.uuid({ message: "Choose a request." }),
  decision: z.enum(["approved", "denied"]),
  reason: z.string().trim().min(1, "Give a reason.").max(500, "Keep the reason under 500 characters."),
});

export async function decideApproval(ctx: OrgContext, input: z.input<typeof DecideApprovalInput>): Promise<{ id: string; status: string }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can decide spend requests.");
  const { approvalId, decision, reason } = parseInput(DecideApprovalInput, input);
  return asActor(ctx.actor, async (tx) => {
    const [row] = await tx<{ id: string; status: string }[]>`
      update public.approvals set status = ${decision}, reason = ${reason}
      where id = ${approvalId} and org_id = ${ctx.org.id}
      returning id, status`;
    if (!row) throw new NotFoundError("That request doesn't exist.");
    return row;
  });
}
