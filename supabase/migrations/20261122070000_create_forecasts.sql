-- Stored budget forecasts (issue 5 §4).
--   * public.budget_forecasts: the current forecast of each budget period (lib/core/forecast
--     forecastSpend output, validated by forecastSchema when read back), upserted hourly by the
--     run-forecasts edge function. Members read; only service_role writes.
--   * private.budget_daily_series: a budget's scope spend per complete local day in its time
--     zone — the one query behind both the on-request status and run-forecasts.
--   * cron job 'run-forecasts': calls the edge function through pg_net, with the project URL and
--     service key taken from Vault (secrets 'project_url' and 'service_role_key', created by the
--     operator per environment, as Supabase documents for scheduling edge functions).

create table public.budget_forecasts (
  org_id uuid not null references public.organizations (id) on delete cascade,
  budget_id uuid not null references public.budgets (id) on delete cascade,
  -- '' for a whole budget (per-subject budgets are not forecast yet).
  subject text not null default '',
  -- The period the forecast runs to the end of; -infinity for a period without a start.
  period_start timestamptz not null,
  computed_at timestamptz not null default now(),
  method text not null,
  -- The chosen method's backtest MASE; null when the history is too short to backtest.
  backtest_error double precision constraint budget_forecasts_error_non_negative check (backtest_error >= 0),
  history_days integer not null constraint budget_forecasts_history_non_negative check (history_days >= 0),
  forecast jsonb not null constraint budget_forecasts_forecast_object check (pg_catalog.jsonb_typeof(forecast) = 'object'),
  constraint budget_forecasts_pkey primary key (budget_id, subject, period_start)
);
create index budget_forecasts_org_id_idx on public.budget_forecasts (org_id, budget_id);
comment on table public.budget_forecasts is 'Current spend forecast per budget period; written by the run-forecasts edge function only.';

create trigger budget_forecasts_org_id_immutable before update on public.budget_forecasts
  for each row execute function private.forbid_tenant_change('org_id');

alter table public.budget_forecasts enable row level security;
create policy budget_forecasts_select_members on public.budget_forecasts for select to authenticated
  using (private.has_role(org_id, 'viewer'));
grant select on public.budget_forecasts to authenticated;
grant select, insert, update, delete on public.budget_forecasts to service_role;

-- Spend of a budget's scope per complete local day (in the budget's time zone) before as_of's
-- local day, from the first day with spend (before it the scope had no usage, not a run of zero
-- days) and at most `days` days back. A daily budget reads its own ledgers; any other its scope's
-- raw events (kept for the organization's retention). Per-subject budgets have no series.
-- Security invoker: a member reads under RLS, service_role reads everything.
create function private.budget_daily_series(budget uuid, days integer, as_of timestamptz default pg_catalog.now())
returns table (day date, spent numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  with b as (
    select b.id, b.org_id, b.scope, b.timezone, b.period ->> 'kind' as kind,
      (budget_daily_series.as_of at time zone b.timezone)::date as today
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
    select (e.occurred_at at time zone w.timezone)::date, e.cost
    from w join public.usage_events e on e.org_id = w.org_id
    where w.kind <> 'daily' and e.occurred_at >= w.from_at and e.occurred_at < w.to_at
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
revoke execute on function private.budget_daily_series(uuid, integer, timestamptz) from public;
grant execute on function private.budget_daily_series(uuid, integer, timestamptz) to authenticated, service_role;

-- Hourly refresh. Without the Vault secrets (a fresh project) the call fails and the run is
-- recorded as failed in cron.job_run_details; the status then computes forecasts on request.
select cron.schedule('run-forecasts', '17 * * * *', $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/run-forecasts',
    headers := pg_catalog.jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000)
$$);
