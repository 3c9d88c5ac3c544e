/**
 * The organization's recommendations now: the facts of the last WINDOW_DAYS days read by SQL as
 * the caller (RLS: any member), the organization's prices as ingest would price with them today
 * (the catalog under its negotiated prices, its newest exchange rates), and the pure rules of
 * lib/core/recommendations over them.
 *
 * The window starts on an hour (now − 30 days, rounded down), so the hourly rollups and the raw
 * events cover exactly the same stretch. Models, caching and unpriced usage read the rollups and
 * the unpriced-events index; repeated requests and failed SMS need the raw events (fingerprint
 * tags, error codes), which the (org, occurred_at) index narrows to the window.
 */
import "server-only";
import { z } from "zod";
import { budgetPeriodSchema } from "@/lib/core/budgets/periods";
import { fxRateSchema, fxTable } from "@/lib/core/pricing/fx";
import { applyOverrides, priceOverrideSchema } from "@/lib/core/pricing/overrides";
import type { PricingContext } from "@/lib/core/pricing/price-event";
import type { BudgetActivity } from "@/lib/core/recommendations/idle-budgets";
import { recommend, type RecommendationFacts } from "@/lib/core/recommendations/recommend";
import { FINGERPRINT_TAG, type RepeatedRequests } from "@/lib/core/recommendations/repeated-requests";
import { SMS_SERVICES, type SmsSends } from "@/lib/core/recommendations/sms-failed-sends";
import { WINDOW_DAYS, type ModelUsage, type Recommendation } from "@/lib/core/recommendations/types";
import type { UnpricedUsage } from "@/lib/core/recommendations/unpriced-usage";
import type { Tx } from "@/lib/db";
import { priceCatalog } from "@/lib/services/usage/price-catalog";
import type { ActiveOrganization } from "@/lib/tenancy/context";

const HOUR_MS = 3_600_000;

/** The first instant of the window ending at `now`. */
export function windowStart(now: number): Date {
  return new Date(Math.floor((now - WINDOW_DAYS * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS);
}

export async function currentRecommendations(tx: Tx, org: ActiveOrganization, now: number): Promise<Recommendation[]> {
  const since = windowStart(now);
  return recommend(await readFacts(tx, org.id, since), await readPricing(tx, org, now), now);
}

const budgetRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  amount: z.string(),
  period: budgetPeriodSchema,
  timezone: z.string(),
  created_at: z.date(),
  last_used: z.date().nullable(),
});

async function readFacts(tx: Tx, orgId: string, since: Date): Promise<RecommendationFacts> {
  const models = await tx<ModelUsage[]>`
    with window_rollups as (
      select r.* from public.spend_rollups r where r.org_id = ${orgId} and r.bucket >= ${since}
    ), units as (
      select r.service, r.model, q.key as unit, sum(q.value::numeric) as total
      from window_rollups r cross join lateral jsonb_each_text(r.quantities) as q
      group by 1, 2, 3
    )
    select m.service, m.model, m.calls, m.unpriced, m.cost,
      coalesce((select jsonb_object_agg(u.unit, u.total::text) from units u where u.service = m.service and u.model = m.model), '{}') as quantities
    from (
      select r.service, r.model, sum(r.event_count)::float8 as calls, sum(r.unpriced_count)::float8 as unpriced, sum(r.cost)::text as cost
      from window_rollups r group by 1, 2
    ) m`;
  // Per service, model and fingerprint, the first successful event is the original; the later ones are repeats.
  const repeats = await tx<RepeatedRequests[]>`
    select f.service, f.model, count(distinct f.fingerprint)::float8 as fingerprints, count(*)::float8 as repeats,
      coalesce(sum(f.cost), 0)::text as cost, (count(*) filter (where f.cost is null))::float8 as unpriced
    from (
      select e.service, e.model, e.tags ->> ${FINGERPRINT_TAG} as fingerprint, e.cost,
        row_number() over (partition by e.service, e.model, e.tags ->> ${FINGERPRINT_TAG} order by e.occurred_at, e.id) as nth
      from public.usage_events e
      -- The tag is named literally so usage_events_fingerprint_idx (where tags ? 'fingerprint') serves it.
      where e.org_id = ${orgId} and e.occurred_at >= ${since} and e.tags ? 'fingerprint' and e.status = 'ok' and coalesce(e.tags ->> ${FINGERPRINT_TAG}, '') <> ''
    ) f
    where f.nth > 1
    group by 1, 2`;
  // A failure is retried when a later send of the same service and model carries its fingerprint.
  const sms = await tx<SmsSends[]>`
    with sends as (
      select e.id, e.occurred_at, e.service, e.model, e.status, e.error_code, e.cost, nullif(e.tags ->> ${FINGERPRINT_TAG}, '') as fingerprint
      from public.usage_events e
      where e.org_id = ${orgId} and e.occurred_at >= ${since} and e.service = any (${SMS_SERVICES}::text[]) and e.quantities ? 'message'
    ), failed as (
      select s.service, s.model, s.error_code, s.cost, exists (
        select 1 from sends r
        where r.service = s.service and r.model = s.model and r.fingerprint = s.fingerprint and (r.occurred_at, r.id) > (s.occurred_at, s.id)
      ) as retried
      from sends s where s.status = 'error'
    )
    select g.service, g.model, g.sends, f.failed, f.cost, f.unpriced, f.retried, c.errors
    from (select service, model, count(*)::float8 as sends from sends group by 1, 2) g
    join (
      select service, model, count(*)::float8 as failed, coalesce(sum(cost), 0)::text as cost,
        (count(*) filter (where cost is null))::float8 as unpriced, (count(*) filter (where retried))::float8 as retried
      from failed group by 1, 2
    ) f using (service, model)
    join (
      select service, model, jsonb_agg(jsonb_build_object('code', error_code, 'count', n) order by n desc, error_code nulls last) as errors
      from (select service, model, error_code, count(*)::float8 as n from failed group by 1, 2, 3) codes
      group by 1, 2
    ) c using (service, model)`;
  // A lifetime ledger without a start date (-infinity) is no period to be idle since.
  const budgets = await tx<Record<string, unknown>[]>`
    select b.id, b.name, b.amount::text as amount, b.period, b.timezone, b.created_at,
      (select max(l.period_start) from public.budget_ledgers l
       where l.budget_id = b.id and l.event_count > 0 and l.period_start > '-infinity') as last_used
    from public.budgets b where b.org_id = ${orgId}`;
  const unpriced = await tx<UnpricedUsage[]>`
    select g.service, g.model, sum(g.n)::float8 as events, jsonb_object_agg(g.reason, g.n) as reasons
    from (
      select e.service, e.model, e.unpriced_reason as reason, count(*)::float8 as n
      from public.usage_events e
      where e.org_id = ${orgId} and e.pricing_status = 'unpriced' and e.occurred_at >= ${since}
      group by 1, 2, 3
    ) g
    group by 1, 2`;
  return {
    models: [...models],
    repeats: [...repeats],
    sms: [...sms],
    // Written through the budget services, which validate with the same schema: a row that does not parse is a bug.
    budgets: budgets.map((row): BudgetActivity => {
      const budget = budgetRowSchema.parse(row);
      return {
        id: budget.id, name: budget.name, amount: budget.amount, period: budget.period, timezone: budget.timezone,
        createdAt: budget.created_at.getTime(), lastUsedPeriodStart: budget.last_used?.getTime() ?? null,
      };
    }),
    unpriced: [...unpriced],
  };
}

/** As ingest would price a call made now: the catalog under the organization's negotiated prices, its newest rate per currency. */
async function readPricing(tx: Tx, org: ActiveOrganization, now: number): Promise<PricingContext> {
  const overrides = await tx<{ override: unknown }[]>`
    select jsonb_build_object('id', p.id, 'service', p.service, 'model', p.model, 'effective_from', p.effective_from,
      'currency', p.currency, 'unit_prices', p.unit_prices, 'note', p.note) as override
    from public.price_overrides p where p.org_id = ${org.id}`;
  const rates = await tx<Record<string, unknown>[]>`
    select distinct on (f.currency) f.currency, to_char(f.rate_date, 'YYYY-MM-DD') as rate_date, f.rate::text as rate
    from public.fx_rates f
    where f.org_id = ${org.id} and f.rate_date <= ${new Date(now).toISOString().slice(0, 10)}::date
    order by f.currency, f.rate_date desc`;
  return {
    baseCurrency: org.baseCurrency,
    catalog: applyOverrides(priceCatalog(), overrides.map((row) => priceOverrideSchema.parse(row.override))),
    fx: fxTable(rates.map((rate) => fxRateSchema.parse(rate))),
  };
}
