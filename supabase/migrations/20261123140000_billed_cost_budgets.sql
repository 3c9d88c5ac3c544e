-- Budgets that count billed cost (issue 8 §2): `cost_basis = 'billed'` makes a budget count what
-- the provider billed (public.billed_costs, synced by its cost connector) instead of what
-- Spendguard priced from events. Such a budget is scoped to one service and nothing else (billed
-- figures carry no team, project or end user) and is not kept per subject.
--
-- Its ledgers are rebuilt from billed_costs — by the budget verbs on create and change, and by
-- sync-connectors after every successful sync of that service — instead of moving with each
-- ingested batch (ingest and repricing leave such budgets alone). Billed days are UTC days: a day
-- counts in the period its UTC midnight falls in. Amounts are converted to the budget's currency
-- with the organization's dated exchange rates (the latest on or before the day); a day without a
-- rate is left out and counted in unpriced_count, so the budget page can say so. Checks read the
-- same ledgers, so a hard billed budget denies what the provider's bill no longer leaves room for.

alter table public.budgets
  add column cost_basis text not null default 'estimated' constraint budgets_cost_basis_valid check (cost_basis in ('estimated', 'billed')),
  add constraint budgets_billed_scope check (
    cost_basis = 'estimated' or (per is null and scope ? 'service' and (scope - 'service') = '{}'::jsonb));
grant update (cost_basis) on public.budgets to authenticated, service_role;
comment on column public.budgets.cost_basis is 'estimated: priced usage events count; billed: what the service''s cost connector synced counts.';

create or replace function private.rebuild_budget_ledgers(org uuid, budget uuid, bounds timestamptz[]) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  b public.budgets;
  written integer;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('pricing:' || org::text, 0));
  select * into b from public.budgets where id = budget and org_id = org for update;
  if not found then
    return 0;
  end if;
  -- Counts are recomputed; anything else a ledger row holds (reservations' holds) is kept.
  update public.budget_ledgers l set spent = 0, event_count = 0, unpriced_count = 0, updated_at = now() where l.budget_id = budget;
  if b.cost_basis = 'billed' then
    insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
    select org, budget, bounds[k.bucket], '', coalesce(sum(k.converted), 0), count(*), count(*) filter (where k.converted is null)
    from (
      select pg_catalog.width_bucket(c.day::timestamp at time zone 'UTC', bounds) as bucket,
        case when c.currency = b.currency then c.amount
          else c.amount * (select r.rate from public.fx_rates r
            where r.org_id = org and r.currency = c.currency and r.rate_date <= c.day order by r.rate_date desc limit 1) end as converted
      from public.billed_costs c
      where c.org_id = org and c.service = b.scope ->> 'service'
        and c.day::timestamp at time zone 'UTC' >= bounds[1] and c.day::timestamp at time zone 'UTC' < bounds[pg_catalog.cardinality(bounds)]
    ) k
    group by k.bucket
    on conflict on constraint budget_ledgers_pkey do update set
      spent = excluded.spent, event_count = excluded.event_count, unpriced_count = excluded.unpriced_count, updated_at = now();
    get diagnostics written = row_count;
    return written;
  end if;
  insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select org, budget, bounds[k.bucket], k.subject, coalesce(sum(k.cost), 0), count(*), count(*) filter (where k.pricing_status = 'unpriced')
  from (
    select pg_catalog.width_bucket(e.occurred_at, bounds) as bucket, e.cost, e.pricing_status,
      case b.per
        when 'service' then e.service when 'model' then e.model when 'team' then e.team when 'project' then e.project
        when 'environment' then e.environment when 'end_user' then e.end_user when 'feature' then e.feature
        else '' end as subject
    from public.usage_events e
    where e.org_id = org
      and e.occurred_at >= bounds[1] and e.occurred_at < bounds[pg_catalog.cardinality(bounds)]
      and (b.scope ->> 'service' is null or e.service = b.scope ->> 'service')
      and (b.scope ->> 'model' is null or e.model = b.scope ->> 'model')
      and (b.scope ->> 'team' is null or e.team = b.scope ->> 'team')
      and (b.scope ->> 'project' is null or e.project = b.scope ->> 'project')
      and (b.scope ->> 'environment' is null or e.environment = b.scope ->> 'environment')
      and (b.scope ->> 'end_user' is null or e.end_user = b.scope ->> 'end_user')
      and (b.scope ->> 'feature' is null or e.feature = b.scope ->> 'feature')
      and e.tags @> coalesce(b.scope -> 'tags', '{}'::jsonb)
  ) k
  where b.per is null or (k.subject is not null and k.subject <> '')
  group by k.bucket, k.subject
  on conflict on constraint budget_ledgers_pkey do update set
    spent = excluded.spent, event_count = excluded.event_count, unpriced_count = excluded.unpriced_count, updated_at = now();
  get diagnostics written = row_count;
  return written;
end
$$;

-- The daily series (burn-down, forecasts) of a billed budget is its billed days, converted as above.
create or replace function private.budget_daily_series(budget uuid, days integer, as_of timestamptz default pg_catalog.now())
returns table (day date, spent numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  with b as (
    select b.id, b.org_id, b.scope, b.timezone, b.currency, b.cost_basis, b.period ->> 'kind' as kind,
      (budget_daily_series.as_of at time zone b.timezone)::date as today,
      (select pg_catalog.bool_and(k in ('service', 'model', 'team', 'project', 'environment')) from pg_catalog.jsonb_object_keys(b.scope) k)
        is not false as rollups
    from public.budgets b
    where b.id = budget_daily_series.budget and b.per is null
  ), w as (
    select b.*, ((b.today - budget_daily_series.days)::timestamp at time zone b.timezone) as from_at,
      (b.today::timestamp at time zone b.timezone) as to_at
    from b
  ), spend as (
    select (c.day::timestamp at time zone 'UTC' at time zone w.timezone)::date as day,
      case when c.currency = w.currency then c.amount
        else c.amount * (select r.rate from public.fx_rates r
          where r.org_id = w.org_id and r.currency = c.currency and r.rate_date <= c.day order by r.rate_date desc limit 1) end as cost
    from w join public.billed_costs c on c.org_id = w.org_id
    where w.cost_basis = 'billed' and c.service = w.scope ->> 'service'
      and c.day::timestamp at time zone 'UTC' >= w.from_at and c.day::timestamp at time zone 'UTC' < w.to_at
    union all
    select (l.period_start at time zone w.timezone)::date as day, l.spent as cost
    from w join public.budget_ledgers l on l.budget_id = w.id
    where w.cost_basis = 'estimated' and w.kind = 'daily' and l.subject = '' and l.period_start >= w.from_at and l.period_start < w.to_at
    union all
    select (r.bucket at time zone w.timezone)::date, r.cost
    from w join public.spend_rollups r on r.org_id = w.org_id
    where w.cost_basis = 'estimated' and w.kind <> 'daily' and w.rollups and r.bucket >= w.from_at and r.bucket < w.to_at
      and (w.scope ->> 'service' is null or r.service = w.scope ->> 'service')
      and (w.scope ->> 'model' is null or r.model = w.scope ->> 'model')
      and (w.scope ->> 'team' is null or r.team = w.scope ->> 'team')
      and (w.scope ->> 'project' is null or r.project = w.scope ->> 'project')
      and (w.scope ->> 'environment' is null or r.environment = w.scope ->> 'environment')
    union all
    select (e.occurred_at at time zone w.timezone)::date, e.cost
    from w join public.usage_events e on e.org_id = w.org_id
    where w.cost_basis = 'estimated' and w.kind <> 'daily' and not w.rollups and e.occurred_at >= w.from_at and e.occurred_at < w.to_at
      and (w.scope ->> 'service' is null or e.service = w.scope ->> 'service')
      and (w.scope ->> 'model' is null or e.model = w.scope ->> 'model')
      and (w.scope ->> 'team' is null or e.team = w.scope ->> 'team')
      and (w.scope ->> 'project' is null or e.project = w.scope ->> 'project')
      and (w.scope ->> 'environment' is null or e.environment = w.scope ->> 'environment')
      and (w.scope ->> 'end_user' is null or e.end_user = w.scope ->> 'end_user')
      and (w.scope ->> 'feature' is null or e.feature = w.scope ->> 'feature')
      and e.tags @> coalesce(w.scope -> 'tags', '{}'::jsonb)
  ), daily as (
    select s.day, coalesce(sum(s.cost), 0) as spent from spend s group by s.day
  )
  select d::date as day, coalesce(daily.spent, 0) as spent
  from w
  cross join lateral pg_catalog.generate_series((select min(daily.day) from daily)::timestamp, (w.today - 1)::timestamp, interval '1 day') d
  left join daily on daily.day = d::date
  order by 1
$$;
