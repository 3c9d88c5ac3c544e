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
import { ruleRowSchema } from "@/lib/alerting/rule-rows";
import type { AlertBudget } from "@/lib/services/alerts/evaluate-ingest-alerts";
import { priceCatalog } from "@/lib/services/usage/price-catalog";

const contextSchema = z.object({
  base_currency: z.string(),
  retention_months: z.number().int(),
  overrides: z.array(priceOverrideSchema),
  fx_rates: z.array(fxRateSchema),
});

export type OrgPricing = PricingContext & {
  retentionMonths: number;
  /** The budgets priced events count in (cost basis "estimated"): ingest and repricing move their ledgers. */
  budgets: LedgerBudget[];
  /** Every budget, billed ones included: what a pre-spend check weighs. */
  checkedBudgets: LedgerBudget[];
  /** The estimated budgets with actual-spend alert rules, which ingest checks for crossings. */
  alertBudgets: Map<string, AlertBudget>;
};

const budgetRowSchema = z.object({
  id: z.string(),
  scope: budgetScopeSchema,
  per: perSubjectSchema.nullable(),
  period: budgetPeriodSchema,
  timezone: z.string(),
  amount: z.string(),
  rollover: z.boolean(),
  rollover_cap: z.string().nullable(),
  warn_at_percent: z.string(),
  cost_basis: z.enum(["estimated", "billed"]),
  created_at: z.date(),
  rules: z.array(ruleRowSchema.extend({ muted_until: z.iso.datetime({ offset: true }).nullable().transform((at) => (at === null ? null : new Date(at))) })),
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
  const budgets = await tx<Record<string, unknown>[]>`
    select b.id, b.scope, b.per, b.period, b.timezone, b.amount::text as amount, b.rollover, b.rollover_cap::text as rollover_cap,
      b.warn_at_percent::text as warn_at_percent, b.cost_basis, b.created_at,
      coalesce((select json_agg(json_build_object(
          'id', r.id, 'budget_id', r.budget_id, 'kind', r.kind, 'threshold', r.threshold::text, 'window_minutes', r.window_minutes,
          'min_amount', r.min_amount::text, 'service', r.service, 'metric', r.metric, 'min_requests', r.min_requests,
          'enabled', r.enabled, 'muted_until', r.muted_until, 'cooldown_minutes', r.cooldown_minutes) order by r.id)
        from public.alert_rules r where r.budget_id = b.id and r.kind = 'actual'), '[]') as rules
    from public.budgets b where b.org_id = ${orgId}`;
  // Written through the budget services, which validate with the same schemas: a row that does
  // not parse is a bug, and counting usage against a misread budget would be worse than failing.
  const all = budgets.map((budget) => budgetRowSchema.parse(budget));
  // A billed budget's ledgers come from its connector's sync, not from events.
  const parsed = all.filter((budget) => budget.cost_basis === "estimated");
  const ledgerBudget = (budget: (typeof all)[number]): LedgerBudget => ({ id: budget.id, scope: budget.scope, per: budget.per, period: budget.period, timeZone: budget.timezone });
  return {
    baseCurrency: context.base_currency,
    retentionMonths: context.retention_months,
    catalog: catalogFor(orgId, context.overrides),
    fx: fxTable(context.fx_rates),
    budgets: parsed.map(ledgerBudget),
    checkedBudgets: all.map(ledgerBudget),
    alertBudgets: new Map(parsed.filter((budget) => budget.rules.length > 0)
      .map((budget) => [budget.id, { ...budget, created_at: budget.created_at.getTime() }])),
  };
}

/** The first instant still inside the retention, for `now`. */
export function retentionStart(retentionMonths: number, now: number): number {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - retentionMonths);
  return start.getTime();
}
