/**
 * Deletes an exchange rate (admins and owners). Events that used it are re-priced with the rate
 * before it, or become unpriced (`no_fx_rate`) when there is none — never converted at a guess.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { FxRateIdInput } from "./schemas";

export async function deleteFxRate(ctx: OrgContext, input: { fxRateId: string }): Promise<{ fxRateId: string }> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change exchange rates.");
  const { fxRateId } = parseInput(FxRateIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const result = await tx`delete from public.fx_rates where id = ${fxRateId} and org_id = ${ctx.org.id}`;
    if (result.count === 0) throw new NotFoundError("That exchange rate doesn't exist.");
    return { fxRateId };
  });
}
