/**
 * Deletes one version of a negotiated price (admins and owners). The events it priced are
 * re-priced with what applies without it: an earlier version, or — before the model's first
 * override — the catalog (queued in the same transaction by the database).
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { PriceOverrideIdInput } from "./schemas";

export async function deletePriceOverride(ctx: OrgContext, input: { overrideId: string }): Promise<{ overrideId: string }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change prices.");
  const { overrideId } = parseInput(PriceOverrideIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const result = await tx`delete from public.price_overrides where id = ${overrideId} and org_id = ${ctx.org.id}`;
    if (result.count === 0) throw new NotFoundError("That negotiated price doesn't exist.");
    return { overrideId };
  });
}
