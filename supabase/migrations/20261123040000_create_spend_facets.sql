-- Spend facets: hourly and daily (UTC) totals per value of ONE dimension (issue 7: the dashboard
-- at scale).
--
--   * public.spend_facets: one row per (org, dimension, span, bucket, value), span being a UTC
--     hour or a UTC day: every event counts in both. `all` is the
--     organization's total (value null); `model` rows also name the model's service, so models
--     of the same name under two services stay apart. The hourly rollups hold one row per
--     combination of five dimensions — hundreds an hour for a busy organization — and no end
--     users or features: a month's total summed ~70k rollup rows (100+ ms at 10 million events),
--     and top end users read raw events. Here a month's total is ≤ 744 rows and a month by
--     service a few thousand. Spend queries that group by at most one dimension (or by service
--     and model) without filters read this table (lib/services/usage/spend-query-source.ts).
--   * Day rows serve totals over a range (top lists, a range's total): its whole UTC days from
--     day rows, the hours at either end from hour rows. End users can number hundreds an hour;
--     a month of them is then ~15k day rows instead of ~360k hour rows. Series read hour rows
--     only, since local days and hours are cut from UTC hours.
--   * Maintained by statement triggers on public.usage_events with transition tables: inserted
--     events add, updated events (repricing) add new minus old. Whatever writes events keeps the
--     facets right, in the same transaction. Deleting events (retention) leaves them: like the
--     rollups, facets are kept for good, so end-user and feature history outlives raw events.
--   * Concurrent batches upsert rows in key order (the insert's `order by`), so they cannot
--     deadlock on each other.

create table public.spend_facets (
  org_id uuid not null references public.organizations (id) on delete cascade,
  dimension text not null constraint spend_facets_dimension_known
    check (dimension in ('all', 'service', 'model', 'team', 'project', 'environment', 'end_user', 'feature')),
  span text not null constraint spend_facets_span_known check (span in ('hour', 'day')),
  bucket timestamptz not null,
  service text,
  value text,
  cost numeric not null default 0,
  event_count bigint not null default 0,
  error_count bigint not null default 0,
  unpriced_count bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint spend_facets_model_has_service check ((dimension = 'model') = (service is not null)),
  constraint spend_facets_all_has_no_value check (dimension <> 'all' or value is null),
  constraint spend_facets_bucket_starts_span check (bucket = date_trunc(span, bucket, 'UTC')),
  -- Dimension and span before bucket: a query reads one dimension over a range of hours or days, contiguously.
  constraint spend_facets_key unique nulls not distinct (org_id, dimension, span, bucket, service, value)
);
comment on table public.spend_facets is 'Hourly and daily (UTC) totals per value of one dimension (all = the organization''s total), maintained by triggers on usage_events.';
comment on column public.spend_facets.service is 'The model''s service on model rows; null on every other dimension.';
comment on column public.spend_facets.value is 'The dimension''s value (null: not set on the events; always null for all).';
comment on column public.spend_facets.cost is 'Sum of priced and provided costs; unpriced events add nothing here and are counted in unpriced_count.';

alter table public.spend_facets enable row level security;
create policy spend_facets_select_members on public.spend_facets for select to authenticated
  using (org_id in (select private.user_org_ids()));
-- No insert, update or delete policy or grant: only the triggers below write.
grant select on public.spend_facets to authenticated, service_role;
create trigger spend_facets_org_id_immutable before update on public.spend_facets
  for each row execute function private.forbid_tenant_change('org_id');

-- The facet rows one event counts in: (dimension, service, value).
create function private.event_facets(service text, model text, team text, project text, environment text,
  end_user text, feature text)
returns table (dimension text, service text, value text)
language sql immutable set search_path = '' as $$
  values ('all', null::text, null::text), ('service', null, service), ('model', service, model), ('team', null, team),
    ('project', null, project), ('environment', null, environment), ('end_user', null, end_user), ('feature', null, feature)
$$;

create function private.spend_facets_add_inserted() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.spend_facets as f (org_id, dimension, span, bucket, service, value, cost, event_count, error_count,
    unpriced_count)
  select e.org_id, d.dimension, s.span, pg_catalog.date_trunc(s.span, e.occurred_at, 'UTC'), d.service, d.value,
    coalesce(sum(e.cost), 0), count(*), count(*) filter (where e.status = 'error'),
    count(*) filter (where e.pricing_status = 'unpriced')
  from inserted_events e
  cross join lateral private.event_facets(e.service, e.model, e.team, e.project, e.environment, e.end_user, e.feature) d
  cross join (values ('hour'), ('day')) s(span)
  group by 1, 2, 3, 4, 5, 6
  order by 1, 2, 3, 4, 5, 6
  on conflict on constraint spend_facets_key do update set
    cost = f.cost + excluded.cost,
    event_count = f.event_count + excluded.event_count,
    error_count = f.error_count + excluded.error_count,
    unpriced_count = f.unpriced_count + excluded.unpriced_count,
    updated_at = now();
  return null;
end
$$;

-- New minus old for every updated event, whatever changed (repricing changes cost and pricing
-- status; a changed dimension would move the event between rows). Unchanged sums write nothing.
create function private.spend_facets_add_updated() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.spend_facets as f (org_id, dimension, span, bucket, service, value, cost, event_count, error_count,
    unpriced_count)
  select e.org_id, d.dimension, s.span, pg_catalog.date_trunc(s.span, e.occurred_at, 'UTC'), d.service, d.value,
    sum(e.sign * coalesce(e.cost, 0)), sum(e.sign), coalesce(sum(e.sign) filter (where e.status = 'error'), 0),
    coalesce(sum(e.sign) filter (where e.pricing_status = 'unpriced'), 0)
  from (
    select 1 as sign, n.* from new_events n
    union all
    select -1, o.* from old_events o
  ) e
  cross join lateral private.event_facets(e.service, e.model, e.team, e.project, e.environment, e.end_user, e.feature) d
  cross join (values ('hour'), ('day')) s(span)
  group by 1, 2, 3, 4, 5, 6
  having sum(e.sign * coalesce(e.cost, 0)) <> 0 or sum(e.sign) <> 0
    or coalesce(sum(e.sign) filter (where e.status = 'error'), 0) <> 0
    or coalesce(sum(e.sign) filter (where e.pricing_status = 'unpriced'), 0) <> 0
  order by 1, 2, 3, 4, 5, 6
  on conflict on constraint spend_facets_key do update set
    cost = f.cost + excluded.cost,
    event_count = f.event_count + excluded.event_count,
    error_count = f.error_count + excluded.error_count,
    unpriced_count = f.unpriced_count + excluded.unpriced_count,
    updated_at = now();
  return null;
end
$$;
revoke execute on function private.event_facets(text, text, text, text, text, text, text),
  private.spend_facets_add_inserted(), private.spend_facets_add_updated() from public;

-- Statement triggers on the partitioned parent fire for statements on the parent only: rows the
-- partition upkeep moves from the default partition into a new one are not counted twice.
create trigger spend_facets_after_insert after insert on public.usage_events
  referencing new table as inserted_events for each statement execute function private.spend_facets_add_inserted();
create trigger spend_facets_after_update after update on public.usage_events
  referencing old table as old_events new table as new_events for each statement execute function private.spend_facets_add_updated();

-- Existing history. The triggers above lock usage_events until this migration commits, so no
-- batch lands between the backfill and the triggers. The rollup dimensions come from the
-- rollups, which reach back further than raw events; end users and features from the events kept.
insert into public.spend_facets (org_id, dimension, span, bucket, service, value, cost, event_count, error_count, unpriced_count)
select r.org_id, d.dimension, s.span, pg_catalog.date_trunc(s.span, r.bucket, 'UTC'), d.service, d.value, sum(r.cost),
  sum(r.event_count), sum(r.error_count), sum(r.unpriced_count)
from public.spend_rollups r
cross join lateral private.event_facets(r.service, r.model, r.team, r.project, r.environment, null, null) d
cross join (values ('hour'), ('day')) s(span)
where d.dimension not in ('end_user', 'feature')
group by 1, 2, 3, 4, 5, 6;

insert into public.spend_facets (org_id, dimension, span, bucket, service, value, cost, event_count, error_count, unpriced_count)
select e.org_id, d.dimension, s.span, pg_catalog.date_trunc(s.span, e.occurred_at, 'UTC'), d.service, d.value,
  coalesce(sum(e.cost), 0), count(*), count(*) filter (where e.status = 'error'),
  count(*) filter (where e.pricing_status = 'unpriced')
from public.usage_events e
cross join lateral private.event_facets(e.service, e.model, e.team, e.project, e.environment, e.end_user, e.feature) d
cross join (values ('hour'), ('day')) s(span)
where d.dimension in ('end_user', 'feature')
group by 1, 2, 3, 4, 5, 6;

-- The totals every `spend` message carries and the dashboard's tiles show, from the `all` facet's
-- hours (≤ 744 rows a month) rather than the rollups. Same periods, same bucket rule.
create or replace function private.spend_totals(org uuid, as_of timestamptz default pg_catalog.now())
returns table (today numeric, month numeric, today_start timestamptz, month_start timestamptz)
language sql stable security invoker set search_path = '' as $$
  with z as (
    select (pg_catalog.date_trunc('day', as_of at time zone o.timezone) at time zone o.timezone) as today_start,
      (pg_catalog.date_trunc('month', as_of at time zone o.timezone) at time zone o.timezone) as month_start
    from public.organizations o where o.id = org
  )
  -- Scalar bounds (not a join), so the month's range is an index condition.
  select coalesce(sum(f.cost) filter (where f.bucket >= pg_catalog.date_trunc('hour', (select z.today_start from z))), 0),
    coalesce(sum(f.cost), 0), (select z.today_start from z), (select z.month_start from z)
  from public.spend_facets f
  where f.org_id = org and f.dimension = 'all' and f.span = 'hour'
    and f.bucket >= pg_catalog.date_trunc('hour', (select z.month_start from z)) and f.bucket <= as_of
  having exists (select 1 from z)
$$;
