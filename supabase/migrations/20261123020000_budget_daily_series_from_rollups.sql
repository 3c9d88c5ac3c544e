-- Budget daily series from the hourly rollups where they can answer (issue 7: the budget page's
-- burn-down and the dashboard read it on every view).
--
-- private.budget_daily_series (20261122070000) summed raw events for every budget but a daily
-- one, so a yearly budget read a year of events on each page view. A scope that names only the
-- rollup dimensions (service, model, team, project, environment — no end_user, feature or tags)
-- now sums spend_rollups per local day instead: the same costs (rollups add priced and provided
-- costs, as the events' non-null costs do), exact for zones whose offset is a whole number of
-- hours (a rollup hour then lies inside one local day). Other scopes read the raw events as before.

create or replace function private.budget_daily_series(budget uuid, days integer, as_of timestamptz default pg_catalog.now())
returns table (day date, spent numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  with b as (
    select b.id, b.org_id, b.scope, b.timezone, b.period ->> 'kind' as kind,
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
    select (l.period_start at time zone w.timezone)::date as day, l.spent as cost
    from w join public.budget_ledgers l on l.budget_id = w.id
    where w.kind = 'daily' and l.subject = '' and l.period_start >= w.from_at and l.period_start < w.to_at
    union all
    select (r.bucket at time zone w.timezone)::date, r.cost
    from w join public.spend_rollups r on r.org_id = w.org_id
    where w.kind <> 'daily' and w.rollups and r.bucket >= w.from_at and r.bucket < w.to_at
      and (w.scope ->> 'service' is null or r.service = w.scope ->> 'service')
      and (w.scope ->> 'model' is null or r.model = w.scope ->> 'model')
      and (w.scope ->> 'team' is null or r.team = w.scope ->> 'team')
      and (w.scope ->> 'project' is null or r.project = w.scope ->> 'project')
      and (w.scope ->> 'environment' is null or r.environment = w.scope ->> 'environment')
    union all
    select (e.occurred_at at time zone w.timezone)::date, e.cost
    from w join public.usage_events e on e.org_id = w.org_id
    where w.kind <> 'daily' and not w.rollups and e.occurred_at >= w.from_at and e.occurred_at < w.to_at
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
