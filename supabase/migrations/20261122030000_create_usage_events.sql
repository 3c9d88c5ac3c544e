-- Usage events and hourly spend rollups: the ingest core (DESIGN §3, §4; issue 4 §2, §4).
--
--   * public.usage_events holds every accepted event, priced by the app (lib/core/pricing) before
--     it reaches the database: cost + pricing_status 'priced' (with the price lines used),
--     'provided' (the client's own cost, in the org's base currency) or 'unpriced' (cost NULL,
--     never 0, with the reason). Partitioned by month on occurred_at: a default partition takes
--     everything, private.create_usage_events_partition(month) carves out one month (moving any
--     rows the default already holds), so retention can later drop a month at a time.
--   * Idempotency lives in private.usage_event_keys (org_id, client_event_id) — a plain primary key
--     that does not depend on the timestamp, because a partitioned table's unique keys must include
--     the partition key: a client id resent with another timestamp is still a duplicate.
--   * public.spend_rollups: one row per (org, UTC hour, service, model, team, project,
--     environment), nulls equal (`nulls not distinct`). cost sums priced and provided costs only;
--     unpriced events are counted in unpriced_count and never add 0 to cost. quantities sums each
--     unit as a decimal string ({"input_token": "1200", …}), so any unit can be summed exactly.
--   * private.ingest_events(org, api_key, events) writes one batch in one statement: keys, events
--     and rollups, with the rollups built from the rows actually inserted (never the duplicates).
--     Only service_role may call it; the app calls it for an API key (lib/services/usage).
--   * Members of every role read (viewer+); nobody writes through the API. Ingest writes are not
--     audited (volume); the event carries api_key_id instead.

-- ===========================================================================================
-- Tables
-- ===========================================================================================

create sequence private.usage_events_id_seq as bigint;

create table public.usage_events (
  id bigint not null default nextval('private.usage_events_id_seq'),
  org_id uuid not null references public.organizations (id) on delete cascade,
  client_event_id text not null constraint usage_events_client_event_id_length check (char_length(client_event_id) between 1 and 200),
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  service text not null,
  model text not null,
  operation text,
  quantities jsonb not null default '{}',
  -- Unconstrained numeric: an exact priced total can need more than 10 fractional digits
  -- (e.g. $0.01875 per million tokens is 1.875e-8 per token).
  cost numeric constraint usage_events_cost_non_negative check (cost >= 0),
  currency text not null constraint usage_events_currency_format check (currency ~ '^[A-Z]{3}$'),
  pricing_status text not null constraint usage_events_pricing_status_valid check (pricing_status in ('priced', 'unpriced', 'provided')),
  unpriced_reason text,
  price_lines jsonb,
  latency_ms integer constraint usage_events_latency_non_negative check (latency_ms >= 0),
  status text not null default 'ok' constraint usage_events_status_valid check (status in ('ok', 'error')),
  error_code text,
  team text,
  project text,
  environment text,
  end_user text,
  feature text,
  tags jsonb not null default '{}',
  -- No foreign key: keys are never deleted (revoked keys stay), and the check would cost every row.
  api_key_id uuid,
  constraint usage_events_pkey primary key (id, occurred_at),
  constraint usage_events_cost_matches_status check ((cost is null) = (pricing_status = 'unpriced')),
  constraint usage_events_reason_matches_status check ((unpriced_reason is not null) = (pricing_status = 'unpriced'))
) partition by range (occurred_at);
create index usage_events_org_id_occurred_at_idx on public.usage_events (org_id, occurred_at desc);
create index usage_events_org_id_unpriced_idx on public.usage_events (org_id, occurred_at) where pricing_status = 'unpriced';
comment on table public.usage_events is 'Accepted usage events, priced at ingest. Partitioned by month; written only by private.ingest_events.';
comment on column public.usage_events.quantities is 'Billable unit (lib/core/usage/quantities.ts, plus "unit" for generic units) → count as a decimal string.';
comment on column public.usage_events.cost is 'In currency (the org''s base currency). NULL when unpriced — never 0 for "unknown".';
comment on column public.usage_events.price_lines is 'The priced breakdown: unit, quantity, unit price, amount, catalog source and version.';

create table private.usage_events_default partition of public.usage_events default;

create table private.usage_event_keys (
  org_id uuid not null references public.organizations (id) on delete cascade,
  client_event_id text not null,
  occurred_at timestamptz not null,
  constraint usage_event_keys_pkey primary key (org_id, client_event_id)
);
comment on table private.usage_event_keys is 'Idempotency: one row per accepted client event id, whatever its timestamp. No API role has any privilege here.';

create table public.spend_rollups (
  org_id uuid not null references public.organizations (id) on delete cascade,
  bucket timestamptz not null constraint spend_rollups_bucket_is_hour check (bucket = date_trunc('hour', bucket, 'UTC')),
  service text not null,
  model text not null,
  team text,
  project text,
  environment text,
  currency text not null,
  cost numeric not null default 0,
  event_count bigint not null default 0,
  error_count bigint not null default 0,
  unpriced_count bigint not null default 0,
  latency_ms_sum bigint not null default 0,
  latency_count bigint not null default 0,
  quantities jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  constraint spend_rollups_key unique nulls not distinct (org_id, bucket, service, model, team, project, environment)
);
comment on table public.spend_rollups is 'Hourly (UTC) totals per service, model, team, project and environment, maintained in the ingest transaction.';
comment on column public.spend_rollups.cost is 'Sum of priced and provided costs; unpriced events add nothing here and are counted in unpriced_count.';
comment on column public.spend_rollups.quantities is 'Unit → summed count as a decimal string.';

-- ===========================================================================================
-- Row level security and grants
-- ===========================================================================================

alter table public.usage_events enable row level security;
alter table public.spend_rollups enable row level security;
-- Not exposed, not granted; RLS as a second lock in case a grant ever slips in.
alter table private.usage_events_default enable row level security;
alter table private.usage_event_keys enable row level security;

create policy usage_events_select_members on public.usage_events for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy spend_rollups_select_members on public.spend_rollups for select to authenticated
  using (private.has_role(org_id, 'viewer'));
-- No insert, update or delete policy or grant: only private.ingest_events writes.

grant select on public.usage_events, public.spend_rollups to authenticated, service_role;

-- ===========================================================================================
-- Triggers
-- ===========================================================================================

create trigger usage_events_org_id_immutable before update on public.usage_events
  for each row execute function private.forbid_tenant_change('org_id');
create trigger spend_rollups_org_id_immutable before update on public.spend_rollups
  for each row execute function private.forbid_tenant_change('org_id');

-- ===========================================================================================
-- Functions
-- ===========================================================================================

-- Unit-wise sum of two quantity maps (unit → decimal string), exact.
create function private.add_quantities(a jsonb, b jsonb) returns jsonb
language sql immutable set search_path = '' as $$
  select coalesce(pg_catalog.jsonb_object_agg(key, total::text), '{}'::jsonb)
  from (
    select key, sum(value::numeric) as total
    from (select * from pg_catalog.jsonb_each_text(a) union all select * from pg_catalog.jsonb_each_text(b)) q
    group by key
  ) t
$$;

-- Makes `month` (any time in it, UTC) its own partition, moving rows the default partition holds
-- for it. A no-op when the partition exists, so it can be called any number of times — concurrent
-- calls included (they queue on one advisory lock). The usage-events-partitions cron job below
-- calls it daily for this month and the next two; operators may call it ahead of time.
create function private.create_usage_events_partition(month timestamptz) returns text
language plpgsql security definer set search_path = '' as $$
declare
  starts timestamptz := date_trunc('month', month, 'UTC');
  ends timestamptz := (date_trunc('month', month, 'UTC') at time zone 'UTC' + interval '1 month') at time zone 'UTC';
  name text := 'usage_events_' || to_char(starts at time zone 'UTC', 'YYYY_MM');
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('private.create_usage_events_partition'));
  if to_regclass('private.' || name) is not null then
    return name;
  end if;
  -- Rows of that month in the default partition would make ATTACH fail: move them in first.
  execute format('create table private.%I (like public.usage_events including defaults including constraints)', name);
  execute format('alter table private.%I enable row level security', name);
  execute format(
    'with moved as (delete from private.usage_events_default where occurred_at >= $1 and occurred_at < $2 returning *)
     insert into private.%I select * from moved', name) using starts, ends;
  execute format('alter table public.usage_events attach partition private.%I for values from (%L) to (%L)', name, starts, ends);
  return name;
end
$$;

-- One batch, one statement. `events` is a JSON array prepared (validated and priced) by the app:
-- [{ idx, client_event_id, occurred_at, service, model, operation, quantities, cost, currency,
--    pricing_status, unpriced_reason, price_lines, latency_ms, status, error_code, team, project,
--    environment, end_user, feature, tags }, …]. Returns, per idx, whether it was inserted; the
-- others are duplicates (of an earlier event, or of an earlier idx with the same id in the batch).
create function private.ingest_events(org uuid, api_key uuid, events jsonb)
returns table (idx integer, inserted boolean)
language sql volatile security definer set search_path = '' as $$
  with input as (
    select e.*
    from pg_catalog.jsonb_to_recordset(events) as e(
      idx integer, client_event_id text, occurred_at timestamptz, service text, model text, operation text,
      quantities jsonb, cost numeric, currency text, pricing_status text, unpriced_reason text, price_lines jsonb,
      latency_ms integer, status text, error_code text, team text, project text, environment text, end_user text,
      feature text, tags jsonb)
  ), first_of_id as (
    -- Within the batch the first occurrence of an id wins.
    select distinct on (client_event_id) * from input order by client_event_id, idx
  ), claimed as (
    -- Sorted so concurrent batches take key locks in one order (no deadlock).
    insert into private.usage_event_keys (org_id, client_event_id, occurred_at)
    select org, f.client_event_id, f.occurred_at from first_of_id f order by f.client_event_id
    on conflict do nothing
    returning client_event_id
  ), inserted as (
    insert into public.usage_events (org_id, client_event_id, occurred_at, service, model, operation, quantities, cost,
      currency, pricing_status, unpriced_reason, price_lines, latency_ms, status, error_code, team, project, environment,
      end_user, feature, tags, api_key_id)
    select org, f.client_event_id, f.occurred_at, f.service, f.model, f.operation, coalesce(f.quantities, '{}'), f.cost,
      f.currency, f.pricing_status, f.unpriced_reason, f.price_lines, f.latency_ms, coalesce(f.status, 'ok'), f.error_code,
      f.team, f.project, f.environment, f.end_user, f.feature, coalesce(f.tags, '{}'), api_key
    from first_of_id f join claimed c on c.client_event_id = f.client_event_id
    returning id, occurred_at, service, model, team, project, environment, currency, cost, pricing_status, status,
      latency_ms, quantities
  ), grouped as (
    select pg_catalog.date_trunc('hour', i.occurred_at, 'UTC') as bucket, i.service, i.model, i.team, i.project,
      i.environment, min(i.currency) as currency, coalesce(sum(i.cost), 0) as cost, count(*) as event_count,
      count(*) filter (where i.status = 'error') as error_count,
      count(*) filter (where i.pricing_status = 'unpriced') as unpriced_count,
      coalesce(sum(i.latency_ms), 0) as latency_ms_sum, count(i.latency_ms) as latency_count,
      (select coalesce(pg_catalog.jsonb_object_agg(u.key, u.total::text), '{}'::jsonb)
       from (select q.key, sum(q.value::numeric) as total
             from pg_catalog.jsonb_array_elements(pg_catalog.jsonb_agg(i.quantities)) as x(quantities),
               pg_catalog.jsonb_each_text(x.quantities) as q
             group by q.key) u) as quantities
    from inserted i
    group by 1, 2, 3, 4, 5, 6
  ), rolled as (
    insert into public.spend_rollups as r (org_id, bucket, service, model, team, project, environment, currency, cost,
      event_count, error_count, unpriced_count, latency_ms_sum, latency_count, quantities)
    select org, g.bucket, g.service, g.model, g.team, g.project, g.environment, g.currency, g.cost, g.event_count,
      g.error_count, g.unpriced_count, g.latency_ms_sum, g.latency_count, g.quantities
    from grouped g
    order by g.bucket, g.service, g.model, g.team, g.project, g.environment
    on conflict on constraint spend_rollups_key do update set
      cost = r.cost + excluded.cost,
      event_count = r.event_count + excluded.event_count,
      error_count = r.error_count + excluded.error_count,
      unpriced_count = r.unpriced_count + excluded.unpriced_count,
      latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
      latency_count = r.latency_count + excluded.latency_count,
      quantities = private.add_quantities(r.quantities, excluded.quantities),
      updated_at = now()
  )
  select i.idx, (c.client_event_id is not null and f.idx = i.idx)
  from input i
  join first_of_id f on f.client_event_id = i.client_event_id
  left join claimed c on c.client_event_id = i.client_event_id
  -- `rolled` is not read: data-modifying CTEs always run to completion.
  order by i.idx
$$;

revoke execute on function private.add_quantities(jsonb, jsonb), private.create_usage_events_partition(timestamptz),
  private.ingest_events(uuid, uuid, jsonb) from public;
grant execute on function private.ingest_events(uuid, uuid, jsonb) to service_role;
grant execute on function private.create_usage_events_partition(timestamptz) to service_role;

-- ===========================================================================================
-- Partition upkeep
-- ===========================================================================================

-- This month's and next month's partitions now; then, daily at 03:00 UTC, this month and the next
-- two (a no-op for those that exist), so the default partition only ever takes stray timestamps
-- (backfills of older months, clock skew). pg_cron on Supabase, the local stack's stand-in
-- (supabase/local/cron) here; the job runs as the role that scheduled it (postgres, the owner of
-- the function). Rescheduling under the same name replaces the job.
select private.create_usage_events_partition(
  (pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'UTC') + pg_catalog.make_interval(months => m)) at time zone 'UTC')
from pg_catalog.generate_series(0, 1) as m;

select cron.schedule('usage-events-partitions', '0 3 * * *', $$
  select private.create_usage_events_partition(
    (pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'UTC') + pg_catalog.make_interval(months => m)) at time zone 'UTC')
  from pg_catalog.generate_series(0, 2) as m
$$);
