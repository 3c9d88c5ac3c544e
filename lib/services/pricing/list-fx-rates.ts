/**
 * The organization's exchange rates: a summary per currency, and the newest rates (of one currency
 * when asked), capped so a long imported history does not flood the page. Any member may read them.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import type { FxCurrencySummary, FxRateRow } from "./pricing-rows";
import { FxRatesQuery } from "./schemas";

export const FX_RATES_SHOWN = 100;

export type FxRateList = { currencies: FxCurrencySummary[]; rates: FxRateRow[]; currency: string | null; total: number };

export function selectFxRates(tx: Tx, ctx: OrgContext, filter: { id?: string; currency?: string }) {
  return tx<FxRateRow[]>`
    select f.id, f.currency, to_char(f.rate_date, 'YYYY-MM-DD') as "rateDate", f.rate::text as rate, f.source,
      f.updated_at as "updatedAt"
    from public.fx_rates f
    where f.org_id = ${ctx.org.id}
      and (${filter.id ?? null}::uuid is null or f.id = ${filter.id ?? null}::uuid)
      and (${filter.currency ?? null}::text is null or f.currency = ${filter.currency ?? null}::text)
    order by f.rate_date desc, f.currency
    limit ${FX_RATES_SHOWN}`;
}

export async function getFxRate(tx: Tx, ctx: OrgContext, id: string): Promise<FxRateRow> {
  const [row] = await selectFxRates(tx, ctx, { id });
  if (!row) throw new NotFoundError("That exchange rate doesn't exist.");
  return row;
}

export async function listFxRates(ctx: OrgContext, query: { currency?: string } = {}): Promise<FxRateList> {
  const { currency } = parseInput(FxRatesQuery, query);
  return asActor(ctx.actor, async (tx) => {
    const currencies = await tx<FxCurrencySummary[]>`
      select distinct on (f.currency) f.currency, count(*) over (partition by f.currency)::int as rates,
        to_char(f.rate_date, 'YYYY-MM-DD') as "newestDate", f.rate::text as "newestRate",
        to_char(min(f.rate_date) over (partition by f.currency), 'YYYY-MM-DD') as "oldestDate"
      from public.fx_rates f
      where f.org_id = ${ctx.org.id}
      order by f.currency, f.rate_date desc`;
    const rates = await selectFxRates(tx, ctx, { currency });
    const total = currencies.filter((row) => !currency || row.currency === currency).reduce((sum, row) => sum + row.rates, 0);
    return { currencies, rates, currency: currency ?? null, total };
  });
}
