/**
 * What an organization's events are priced and counted with right now: the catalog with its
 * overrides laid over it, its FX rates, its base currency and retention, and its budgets (whose
 * ledgers each event adds to). Read after private.pricing_context, which takes the organization's
 * shared pricing lock until the transaction ends — changing prices, rates or budgets takes it
 * exclusively — so call this in the same transaction that writes the events.
 */
import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import { fxRateSchema, fxTable } from "@/lib/core/pricing/fx";
import { applyOverrides, priceOverrideSchema, type PriceOverride } from "@/lib/core/pricing/overrides";
import type { PriceCatalog } from "@/lib/core/pricing/catalog";
import type { PricingContext } from "@/lib/core/pricing/price-event";
import { budgetPeriodSchema } from "@/lib/core/budgets/periods";
import { budgetScopeSchema, perSubjectSchema } from "@/lib/core/budgets/scope";
import type { LedgerBudget } from "@/lib/core/budgets/ledger-keys";
import { priceCatalog } from "@/lib/services/usage/price-catalog";

const contextSchema = z.object({
  base_currency: z.string(),
  retention_months: z.number().int(),
  overrides: z.array(priceOverrideSchema),
  fx_rates: z.array(fxRateSchema),
});

export type OrgPricing = PricingContext & { retentionMonths: number; budgets: LedgerBudget[] };

const budgetRowSchema = z.object({
  id: z.string(),
  scope: budgetScopeSchema,
  per: perSubjectSchema.nullable(),
  period: budgetPeriodSchema,
  timezone: z.string(),
});

// Overlays are rebuilt only when an organization's overrides change (a few orgs, a few models).
const overlays = new Map<string, { key: string; catalog: PriceCatalog }>();
const MAX_OVERLAYS = 1_000;

function catalogFor(orgId: string, overrides: PriceOverride[]): PriceCatalog {
  if (overrides.length === 0) return priceCatalog();
  const key = JSON.stringify(overrides);
  const cached = overlays.get(orgId);
  if (cached?.key === key) return cached.catalog;
  const catalog = applyOverrides(priceCatalog(), overrides);
  if (overlays.size >= MAX_OVERLAYS) overlays.clear();
  overlays.set(orgId, { key, catalog });
  return catalog;
}

/** Rates for events dated between `first` and `last` (any order of events: pass min and max). */
export async function loadPricingContext(tx: Tx, orgId: string, first: Date, last: Date): Promise<OrgPricing> {
  const [row] = await tx<{ context: unknown }[]>`
    select private.pricing_context(${orgId}, ${first.toISOString().slice(0, 10)}, ${last.toISOString().slice(0, 10)}) as context`;
  const context = contextSchema.parse(row.context);
  const budgets = await tx<Record<string, unknown>[]>`select id, scope, per, period, timezone from public.budgets where org_id = ${orgId}`;
  return {
    baseCurrency: context.base_currency,
    retentionMonths: context.retention_months,
    catalog: catalogFor(orgId, context.overrides),
    fx: fxTable(context.fx_rates),
    // Written through the budget services, which validate with the same schemas: a row that does
    // not parse is a bug, and counting usage against a misread budget would be worse than failing.
    budgets: budgets.map((budget) => {
      const parsed = budgetRowSchema.parse(budget);
      return { id: parsed.id, scope: parsed.scope, per: parsed.per, period: parsed.period, timeZone: parsed.timezone };
    }),
  };
}

/** The first instant still inside the retention, for `now`. */
export function retentionStart(retentionMonths: number, now: number): number {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - retentionMonths);
  return start.getTime();
}
