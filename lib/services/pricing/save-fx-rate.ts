/**
 * Adds an exchange rate, or corrects an existing one (admins and owners). Events in that currency
 * from the rate's day on are re-priced: the database queues the job in the same transaction. A
 * rate for the base currency itself is refused (SG041), as is a second rate for the same day.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { getFxRate } from "./list-fx-rates";
import type { FxRateRow } from "./pricing-rows";
import { CreateFxRateInput, EditFxRateInput, type SaveFxRateRequest } from "./schemas";

export async function saveFxRate(ctx: OrgContext, input: SaveFxRateRequest): Promise<FxRateRow> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change exchange rates.");
  if (input.fxRateId) {
    const { fxRateId, rate } = parseInput(EditFxRateInput, input);
    return asActor(ctx.actor, async (tx) => {
      const result = await tx`
        update public.fx_rates set rate = ${rate}, source = 'manual' where id = ${fxRateId} and org_id = ${ctx.org.id}`;
      if (result.count === 0) throw new NotFoundError("That exchange rate doesn't exist.");
      return getFxRate(tx, ctx, fxRateId);
    });
  }
  const { currency, rateDate, rate } = parseInput(CreateFxRateInput, input);
  return asActor(ctx.actor, async (tx) => {
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.fx_rates (org_id, currency, rate_date, rate, source)
      values (${ctx.org.id}, ${currency}, ${rateDate}, ${rate}, 'manual')
      returning id`;
    return getFxRate(tx, ctx, id);
  });
}
