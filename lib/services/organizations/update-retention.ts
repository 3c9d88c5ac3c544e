/**
 * Sets how many months of raw usage events the organization keeps (admins and owners). Shorter
 * takes effect at the next daily retention run, which drops older raw events for good; rollups,
 * and so every total, stay. Ingest refuses events older than the retention from now on.
 */
import "server-only";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { RetentionInput } from "./schemas";

export async function updateRetention(ctx: OrgContext, input: RetentionInput): Promise<{ retentionMonths: number }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change the retention.");
  const { retentionMonths } = parseInput(RetentionInput, input);
  return asActor(ctx.actor, async (tx) => {
    const updated = await tx`update public.organizations set retention_months = ${retentionMonths} where id = ${ctx.org.id}`;
    if (updated.count === 0) throw new NotFoundError();
    return { retentionMonths };
  });
}
