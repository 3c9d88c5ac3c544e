/**
 * Adds a version of a negotiated price, or changes an existing version's prices, currency and
 * note (admins and owners). The database queues the repricing of the events it can affect in the
 * same transaction (private.queue_reprice_job), and waits for in-flight ingest of the organization
 * first (the pricing lock), so no event is left priced with the old price.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { getPriceOverride } from "./list-price-overrides";
import type { PriceOverrideRow } from "./pricing-rows";
import { CreatePriceOverrideInput, EditPriceOverrideInput, type SavePriceOverrideRequest } from "./schemas";

export async function savePriceOverride(ctx: OrgContext, input: SavePriceOverrideRequest): Promise<PriceOverrideRow> {
  if (!isAtLeast(ctx.org.role, "admin")) throw new ForbiddenError("Only admins and owners can change prices.");
  if (input.overrideId) {
    const { overrideId, currency, unitPrices, note } = parseInput(EditPriceOverrideInput, input);
    return asActor(ctx.actor, async (tx) => {
      const result = await tx`
        update public.price_overrides set unit_prices = ${tx.json(unitPrices)}, currency = ${currency}, note = ${note}
        where id = ${overrideId} and org_id = ${ctx.org.id}`;
      if (result.count === 0) throw new NotFoundError("That negotiated price doesn't exist.");
      return getPriceOverride(tx, ctx, overrideId);
    });
  }
  const { service, model, effectiveFrom, currency, unitPrices, note } = parseInput(CreatePriceOverrideInput, input);
  return asActor(ctx.actor, async (tx) => {
    // The day starts at midnight in the organization's zone, as its day totals do.
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices, note)
      values (${ctx.org.id}, ${service}, ${model}, ${effectiveFrom}::date::timestamp at time zone ${ctx.org.timezone},
        ${currency}, ${tx.json(unitPrices)}, ${note})
      returning id`;
    return getPriceOverride(tx, ctx, id);
  });
}
