/**
 * Works on one repricing job of the organization for a few seconds, batch after batch, and returns
 * its progress — what the prices page calls in a loop while it is open (admins and owners). Each
 * batch commits on its own (reprice-events.ts), so stopping anywhere loses nothing. Another
 * organization's job is NotFound.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { ForbiddenError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { repriceNextBatch, type RepriceProgress } from "./reprice-events";
import { RepriceJobIdInput } from "./schemas";

/** Short enough that the page's other actions (which run one at a time) never wait long behind it. */
export const REPRICE_TIME_BUDGET_MS = 4_000;

export async function advanceRepriceJob(ctx: OrgContext, input: { jobId: string }, budgetMs = REPRICE_TIME_BUDGET_MS): Promise<RepriceProgress> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can run repricing.");
  const { jobId } = parseInput(RepriceJobIdInput, input);
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const progress = await repriceNextBatch(ctx.org.id, jobId);
    if (progress.done || Date.now() >= deadline) return progress;
  }
}
