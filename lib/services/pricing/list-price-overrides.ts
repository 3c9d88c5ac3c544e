/** The organization's negotiated prices, every version, newest first per model. Any member may read them. */
import "server-only";
import type { Tx } from "@/lib/db";
import { asActor } from "@/lib/services/organizations/run";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import type { PriceOverrideRow } from "./pricing-rows";

/** All versions, or the one with `id` — its status still judged against its model's other versions. */
export function selectPriceOverrides(tx: Tx, ctx: OrgContext, id: string | null = null) {
  return tx<PriceOverrideRow[]>`
    select * from (
      select p.id, p.service, p.model, p.effective_from as "effectiveFrom",
        to_char(p.effective_from at time zone ${ctx.org.timezone}, 'YYYY-MM-DD') as "effectiveDay",
        p.currency, p.unit_prices as "unitPrices", p.note, p.updated_at as "updatedAt", creator.email as "createdByEmail",
        case
          when p.effective_from > now() then 'scheduled'
          when p.effective_from = max(p.effective_from) filter (where p.effective_from <= now())
            over (partition by p.service, p.model) then 'current'
          else 'superseded'
        end as status
      from public.price_overrides p
      left join private.org_members(${ctx.org.id}) creator on creator.user_id = p.created_by
      where p.org_id = ${ctx.org.id}
    ) v
    where ${id}::uuid is null or v.id = ${id}::uuid
    order by v.service, v.model, v."effectiveFrom" desc`;
}

export async function getPriceOverride(tx: Tx, ctx: OrgContext, id: string): Promise<PriceOverrideRow> {
  const [row] = await selectPriceOverrides(tx, ctx, id);
  if (!row) throw new NotFoundError("That negotiated price doesn't exist.");
  return row;
}

export function listPriceOverrides(ctx: OrgContext): Promise<PriceOverrideRow[]> {
  return asActor(ctx.actor, (tx) => selectPriceOverrides(tx, ctx));
}
