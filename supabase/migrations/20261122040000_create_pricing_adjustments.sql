-- Prices that change after ingest, the latency distribution, and retention (issue 4 §2–§4).
--
--   * public.fx_rates: dated exchange rates per organization (1 unit of `currency` = `rate` units
--     of the base currency), entered by hand or imported. A cost in another currency — sent by the
--     client or from a price in another currency — is converted with the newest rate dated on or
--     before the event's UTC day; the rate and its date are kept on the event. No rate → the event
--     is unpriced (`no_fx_rate`) with its original amount kept, never converted at a guess.
--   * public.price_overrides: negotiated prices per organization for one service + model, from a
--     date on, in any currency. A version restates every unit (as catalog versions do); it wins
--     over the catalog from its effective_from on (lib/core/pricing/overrides.ts).
--   * public.reprice_jobs: changing an override or a rate records, in the same transaction, a job
--     naming the events it can affect (service + model, or currency, from a date). The app works
--     through a job in batches (lib/services/pricing/reprice-events.ts), keeping its cursor here,
--     so a job survives restarts and shows progress; admins can also ask for all unpriced events
--     to be re-priced (after a catalog update). private.reprice_events writes a batch's new prices
--     with the rollups' cost and unpriced count corrected by the difference, in one transaction.
--   * Pricing lock: an ingest batch holds a shared advisory lock on its organization's pricing
--     from reading overrides and rates to commit; changing an override or a rate takes it
--     exclusively. So a batch priced with the old prices has committed before the change does, and
--     the repricing that follows the change sees it.
--   * spend_rollups.latency_histogram: counts per latency bucket (lib/core/usage/latency-histogram.ts),
--     so percentiles stay answerable from the rollups after raw events are gone.
--   * Retention: organizations.retention_months (default 13). Daily, raw events older than that are
--     deleted per organization and whole monthly partitions older than every organization's
--     retention are dropped; rollups are kept. Ingest rejects events older than the retention, so
--     an idempotency key is never needed after its event is gone.
-- Errors the app maps to messages: SG040 (base currency fixed once usage exists), SG041 (rate for
-- the base currency itself).

-- ===========================================================================================
-- Organizations: retention, and a base currency that stays put once spend is recorded in it
-- ===========================================================================================

alter table public.organizations
  add column retention_months integer not null default 13
    constraint organizations_retention_months_range check (retention_months between 1 and 120);
comment on column public.organizations.retention_months is 'Raw usage events older than this many months are dropped; rollups are kept.';

-- Every stored cost is in the base currency: switching it would mix currencies in every total.
create function private.organizations_fix_base_currency() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- A malformed code is left to the column's check constraint, which names the real problem.
  if new.base_currency <> old.base_currency and new.base_currency ~ '^[A-Z]{3}$'
     and exists (select 1 from public.spend_rollups r where r.org_id = old.id) then
    raise exception 'The base currency cannot change once usage has been recorded'
      using errcode = 'SG040', hint = 'Costs are stored in the base currency.';
  end if;
  return new;
end
$$;
create trigger organizations_base_currency_fixed before update of base_currency on public.organizations
  for each row execute function private.organizations_fix_base_currency();

-- ===========================================================================================
-- Usage events: where the cost came from, and the conversion used
-- ===========================================================================================

alter table public.usage_events
  add column source text not null default 'api'
    constraint usage_events_source_valid check (source in ('api', 'import', 'demo')),
  add column reasoning_tokens bigint
    constraint usage_events_reasoning_tokens_non_negative check (reasoning_tokens >= 0),
  add column original_cost numeric
    constraint usage_events_original_cost_non_negative check (original_cost >= 0),
  add column original_currency text
    constraint usage_events_original_currency_format check (original_currency ~ '^[A-Z]{3}$'),
  add column fx_rate numeric
    constraint usage_events_fx_rate_positive check (fx_rate > 0),
  add column fx_rate_date date,
  add constraint usage_events_original_cost_with_currency check ((original_cost is null) = (original_currency is null)),
  add constraint usage_events_fx_rate_with_date check ((fx_rate is null) = (fx_rate_date is null));
comment on column public.usage_events.source is 'How the event arrived: api (POST /api/v1/events), import (CSV upload) or demo (demo data).';
comment on column public.usage_events.reasoning_tokens is 'Reasoning tokens, included in quantities.output_token; kept to re-price models with a reasoning price.';
comment on column public.usage_events.original_cost is 'The cost before conversion, in original_currency: the client''s own cost, or the priced total in the price''s currency.';
comment on column public.usage_events.fx_rate is 'original_currency → base currency rate used (dated fx_rate_date); NULL when no conversion was needed.';

alter table public.spend_rollups
  add column latency_histogram bigint[] not null default '{}';
comment on column public.spend_rollups.latency_histogram is
  'Events per latency bucket: index i (1-based) counts width_bucket(latency_ms, private.latency_bounds()) = i - 1. May be shorter than the bucket list (missing = 0).';

-- ===========================================================================================
-- FX rates and price overrides
-- ===========================================================================================

create table public.fx_rates (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  currency text not null constraint fx_rates_currency_format check (currency ~ '^[A-Z]{3}$'),
  rate_date date not null,
  rate numeric not null constraint fx_rates_rate_positive check (rate > 0 and rate < 1e9),
  source text not null default 'manual' constraint fx_rates_source_valid check (source in ('manual', 'import')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint fx_rates_org_currency_date_key unique (org_id, currency, rate_date)
);
comment on table public.fx_rates is 'Dated exchange rates into the organization''s base currency: 1 currency = rate base.';

-- The same rule as catalog units (lib/core/usage/quantities.ts UNITS): known units, exact decimals.
create function private.are_valid_unit_prices(prices jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select pg_catalog.jsonb_typeof(prices) = 'object' and prices <> '{}'::jsonb
    and not exists (
      select 1 from pg_catalog.jsonb_each(prices) p
      where p.key <> all (array['input_token', 'cached_input_token', 'cache_write_token', 'cache_write_1h_token',
          'output_token', 'reasoning_token', 'input_audio_token', 'cached_input_audio_token', 'output_audio_token',
          'web_search_request', 'request', 'message', 'email', 'second', 'unit'])
        or pg_catalog.jsonb_typeof(p.value) <> 'string'
        or (p.value #>> '{}') !~ '^\d{1,12}(\.\d{1,20})?$')
$$;

create table public.price_overrides (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  service text not null constraint price_overrides_service_format check (service ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  model text not null constraint price_overrides_model_length check (char_length(model) between 1 and 200),
  effective_from timestamptz not null,
  currency text not null constraint price_overrides_currency_format check (currency ~ '^[A-Z]{3}$'),
  unit_prices jsonb not null constraint price_overrides_unit_prices_valid check (private.are_valid_unit_prices(unit_prices)),
  note text constraint price_overrides_note_length check (char_length(note) <= 500),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint price_overrides_version_key unique (org_id, service, model, effective_from)
);
comment on table public.price_overrides is 'Negotiated prices: from effective_from on, these unit prices replace the catalog''s for service + model.';
comment on column public.price_overrides.unit_prices is 'Unit → price of ONE unit as a decimal string; every unit the model is used with must be listed.';

alter table public.fx_rates enable row level security;
alter table public.price_overrides enable row level security;

-- Everyone in the organization sees the prices and rates its spend is computed with.
create policy fx_rates_select_members on public.fx_rates for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy fx_rates_insert_admins on public.fx_rates for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy fx_rates_update_admins on public.fx_rates for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy fx_rates_delete_admins on public.fx_rates for delete to authenticated
  using (private.has_role(org_id, 'admin'));

create policy price_overrides_select_members on public.price_overrides for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy price_overrides_insert_admins on public.price_overrides for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy price_overrides_update_admins on public.price_overrides for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy price_overrides_delete_admins on public.price_overrides for delete to authenticated
  using (private.has_role(org_id, 'admin'));

grant select, insert, delete on public.fx_rates, public.price_overrides to authenticated, service_role;
grant update (rate, source) on public.fx_rates to authenticated, service_role;
grant update (unit_prices, currency, note) on public.price_overrides to authenticated, service_role;

create index fx_rates_org_id_currency_rate_date_idx on public.fx_rates (org_id, currency, rate_date desc);

-- A rate for the base currency itself would be 1 by definition; storing one invites confusion.
create function private.fx_rates_not_base_currency() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.organizations o where o.id = new.org_id and o.base_currency = new.currency) then
    raise exception 'A rate for the base currency itself is not needed' using errcode = 'SG041';
  end if;
  return new;
end
$$;

-- Changing what prices mean waits for in-flight ingest batches of the organization (see top).
create function private.lock_pricing_exclusive() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('pricing:' || coalesce(new.org_id, old.org_id)::text, 0));
  return coalesce(new, old);
end
$$;

create trigger fx_rates_not_base_currency before insert on public.fx_rates
  for each row execute function private.fx_rates_not_base_currency();
create trigger fx_rates_lock_pricing before insert or update or delete on public.fx_rates
  for each row execute function private.lock_pricing_exclusive();
create trigger price_overrides_lock_pricing before insert or update or delete on public.price_overrides
  for each row execute function private.lock_pricing_exclusive();
create trigger fx_rates_touch_updated_at before update on public.fx_rates
  for each row execute function private.touch_updated_at();
create trigger price_overrides_touch_updated_at before update on public.price_overrides
  for each row execute function private.touch_updated_at();
create trigger fx_rates_org_id_immutable before update on public.fx_rates
  for each row execute function private.forbid_tenant_change('org_id');
create trigger price_overrides_org_id_immutable before update on public.price_overrides
  for each row execute function private.forbid_tenant_change('org_id');
create trigger fx_rates_audit after insert or update or delete on public.fx_rates
  for each row execute function private.audit_change('fx_rate');
create trigger price_overrides_audit after insert or update or delete on public.price_overrides
  for each row execute function private.audit_change('price_override');

-- ===========================================================================================
-- Repricing jobs
-- ===========================================================================================

create table public.reprice_jobs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  reason text not null constraint reprice_jobs_reason_valid check (reason in ('price_override', 'fx_rate', 'unpriced')),
  -- Which events: all conditions that are set must hold.
  service text,
  model text,
  original_currency text,
  unpriced_only boolean not null default false,
  occurred_from timestamptz,
  -- Progress: events are visited in (occurred_at, id) order; the cursor is the last one done.
  cursor_occurred_at timestamptz,
  cursor_id bigint,
  -- Events the job matched when it started (for progress; ingest may add more while it runs).
  total bigint,
  scanned bigint not null default 0,
  changed bigint not null default 0,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index reprice_jobs_org_id_created_at_idx on public.reprice_jobs (org_id, created_at desc);
create index reprice_jobs_open_idx on public.reprice_jobs (org_id) where finished_at is null;
comment on table public.reprice_jobs is 'Events to re-price after prices or rates changed, with progress. Written by triggers and the app (service_role).';

alter table public.reprice_jobs enable row level security;
create policy reprice_jobs_select_members on public.reprice_jobs for select to authenticated
  using (private.has_role(org_id, 'viewer'));
grant select on public.reprice_jobs to authenticated;
grant select, insert, update on public.reprice_jobs to service_role;
create trigger reprice_jobs_org_id_immutable before update on public.reprice_jobs
  for each row execute function private.forbid_tenant_change('org_id');

-- Jobs for every statement that changes overrides or rates, in its transaction (so a change is
-- never left without its repricing): one per organization and model, or per organization and
-- currency, from the earliest date the statement touched — importing a thousand rates queues one
-- job per currency, not a thousand. Statement-level, reading the transition table `changed` (the
-- new rows of an insert or update, the old rows of a delete). An update can change prices but not
-- which model, currency or date a row is for (column grants), so its new rows name the events it
-- affects. A cascade from a deleted organization queues nothing.
create function private.queue_reprice_jobs() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_table_name = 'price_overrides' then
    insert into public.reprice_jobs (org_id, reason, service, model, occurred_from)
    select c.org_id, 'price_override', c.service, c.model, min(c.effective_from)
    from changed c
    where exists (select 1 from public.organizations g where g.id = c.org_id)
    group by c.org_id, c.service, c.model;
  else
    insert into public.reprice_jobs (org_id, reason, original_currency, occurred_from)
    select c.org_id, 'fx_rate', c.currency, min(c.rate_date)::timestamp at time zone 'UTC'
    from changed c
    where exists (select 1 from public.organizations g where g.id = c.org_id)
    group by c.org_id, c.currency;
  end if;
  return null;
end
$$;

-- Postgres allows transition tables on single-event triggers only: three per table.
create trigger price_overrides_queue_reprice_insert after insert on public.price_overrides
  referencing new table as changed for each statement execute function private.queue_reprice_jobs();
create trigger price_overrides_queue_reprice_update after update on public.price_overrides
  referencing new table as changed for each statement execute function private.queue_reprice_jobs();
create trigger price_overrides_queue_reprice_delete after delete on public.price_overrides
  referencing old table as changed for each statement execute function private.queue_reprice_jobs();
create trigger fx_rates_queue_reprice_insert after insert on public.fx_rates
  referencing new table as changed for each statement execute function private.queue_reprice_jobs();
create trigger fx_rates_queue_reprice_update after update on public.fx_rates
  referencing new table as changed for each statement execute function private.queue_reprice_jobs();
create trigger fx_rates_queue_reprice_delete after delete on public.fx_rates
  referencing old table as changed for each statement execute function private.queue_reprice_jobs();

-- ===========================================================================================
-- Ingest: pricing context, and the batch writer with the new columns and the latency histogram
-- ===========================================================================================

-- The latency bucket bounds in ms: the same list as LATENCY_BOUNDS_MS in
-- lib/core/usage/latency-histogram.ts (a test keeps them equal).
create function private.latency_bounds() returns integer[]
language sql immutable set search_path = '' as $$
  select array[10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000,
    20000, 30000, 60000, 120000]
$$;

-- Element-wise sum of two histograms; the shorter one counts as zero-padded.
create function private.add_histograms(a bigint[], b bigint[]) returns bigint[]
language sql immutable set search_path = '' as $$
  select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by n), '{}')
  from rows from (pg_catalog.unnest(a), pg_catalog.unnest(b)) with ordinality as t(x, y, n)
$$;

-- Histogram of a set of latencies (nulls ignored); '{}' when there are none.
create function private.latency_histogram(latencies integer[]) returns bigint[]
language sql immutable set search_path = '' as $$
  select case when count(l) = 0 then '{}'::bigint[] else (
    select array_agg(coalesce(c.n, 0) order by k)
    from pg_catalog.generate_series(0, pg_catalog.cardinality(private.latency_bounds())) k
    left join (
      select pg_catalog.width_bucket(x, private.latency_bounds()) as bucket, count(*) as n
      from pg_catalog.unnest(latencies) x where x is not null group by 1
    ) c on c.bucket = k) end
  from pg_catalog.unnest(latencies) l
$$;

-- What the app prices a batch with, read under the shared pricing lock (held to commit): the
-- organization's retention and base currency, its price overrides, and the FX rates that can
-- apply to events dated first_day … last_day (each currency's newest rate on or before first_day,
-- and all later ones up to last_day).
create function private.pricing_context(org uuid, first_day date, last_day date) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  context jsonb;
begin
  perform pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('pricing:' || org::text, 0));
  select pg_catalog.jsonb_build_object(
    'base_currency', o.base_currency,
    'retention_months', o.retention_months,
    'overrides', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', p.id, 'service', p.service, 'model', p.model,
        'effective_from', p.effective_from, 'currency', p.currency, 'unit_prices', p.unit_prices, 'note', p.note)
        order by p.service, p.model, p.effective_from)
      from public.price_overrides p where p.org_id = org), '[]'::jsonb),
    'fx_rates', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('currency', f.currency, 'rate_date', f.rate_date, 'rate', f.rate::text)
        order by f.currency, f.rate_date)
      from public.fx_rates f
      where f.org_id = org and f.rate_date <= last_day
        and f.rate_date >= coalesce((select max(g.rate_date) from public.fx_rates g
                                     where g.org_id = org and g.currency = f.currency and g.rate_date <= first_day), '-infinity'::date)),
      '[]'::jsonb))
  into context
  from public.organizations o where o.id = org;
  return context;
end
$$;

drop function private.ingest_events(uuid, uuid, jsonb);

-- One batch, one statement. `events` is a JSON array prepared (validated and priced) by the app:
-- [{ idx, client_event_id, occurred_at, service, model, operation, quantities, reasoning_tokens, cost,
--    currency, pricing_status, unpriced_reason, price_lines, original_cost, original_currency, fx_rate,
--    fx_rate_date, latency_ms, status, error_code, team, project, environment, end_user, feature, tags }, …].
-- Returns, per idx, whether it was inserted; the others are duplicates (of an earlier event, or of
-- an earlier idx with the same id in the batch).
create function private.ingest_events(org uuid, api_key uuid, source text, events jsonb)
returns table (idx integer, inserted boolean)
language sql volatile security definer set search_path = '' as $$
  with input as (
    select e.*
    from pg_catalog.jsonb_to_recordset(events) as e(
      idx integer, client_event_id text, occurred_at timestamptz, service text, model text, operation text,
      quantities jsonb, reasoning_tokens bigint, cost numeric, currency text, pricing_status text, unpriced_reason text,
      price_lines jsonb, original_cost numeric, original_currency text, fx_rate numeric, fx_rate_date date,
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
    insert into public.usage_events (org_id, client_event_id, occurred_at, service, model, operation, quantities,
      reasoning_tokens, cost, currency, pricing_status, unpriced_reason, price_lines, original_cost, original_currency,
      fx_rate, fx_rate_date, latency_ms, status, error_code, team, project, environment, end_user, feature, tags,
      api_key_id, source)
    select org, f.client_event_id, f.occurred_at, f.service, f.model, f.operation, coalesce(f.quantities, '{}'),
      f.reasoning_tokens, f.cost, f.currency, f.pricing_status, f.unpriced_reason, f.price_lines, f.original_cost,
      f.original_currency, f.fx_rate, f.fx_rate_date, f.latency_ms, coalesce(f.status, 'ok'), f.error_code, f.team,
      f.project, f.environment, f.end_user, f.feature, coalesce(f.tags, '{}'), api_key, source
    from first_of_id f join claimed c on c.client_event_id = f.client_event_id
    returning occurred_at, service, model, team, project, environment, currency, cost, pricing_status, status,
      latency_ms, quantities
  ), grouped as (
    select pg_catalog.date_trunc('hour', i.occurred_at, 'UTC') as bucket, i.service, i.model, i.team, i.project,
      i.environment, min(i.currency) as currency, coalesce(sum(i.cost), 0) as cost, count(*) as event_count,
      count(*) filter (where i.status = 'error') as error_count,
      count(*) filter (where i.pricing_status = 'unpriced') as unpriced_count,
      coalesce(sum(i.latency_ms), 0) as latency_ms_sum, count(i.latency_ms) as latency_count,
      private.latency_histogram(array_agg(i.latency_ms)) as latency_histogram,
      (select coalesce(pg_catalog.jsonb_object_agg(u.key, u.total::text), '{}'::jsonb)
       from (select q.key, sum(q.value::numeric) as total
             from pg_catalog.jsonb_array_elements(pg_catalog.jsonb_agg(i.quantities)) as x(quantities),
               pg_catalog.jsonb_each_text(x.quantities) as q
             group by q.key) u) as quantities
    from inserted i
    group by 1, 2, 3, 4, 5, 6
  ), rolled as (
    insert into public.spend_rollups as r (org_id, bucket, service, model, team, project, environment, currency, cost,
      event_count, error_count, unpriced_count, latency_ms_sum, latency_count, latency_histogram, quantities)
    select org, g.bucket, g.service, g.model, g.team, g.project, g.environment, g.currency, g.cost, g.event_count,
      g.error_count, g.unpriced_count, g.latency_ms_sum, g.latency_count, g.latency_histogram, g.quantities
    from grouped g
    order by g.bucket, g.service, g.model, g.team, g.project, g.environment
    on conflict on constraint spend_rollups_key do update set
      cost = r.cost + excluded.cost,
      event_count = r.event_count + excluded.event_count,
      error_count = r.error_count + excluded.error_count,
      unpriced_count = r.unpriced_count + excluded.unpriced_count,
      latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
      latency_count = r.latency_count + excluded.latency_count,
      latency_histogram = private.add_histograms(r.latency_histogram, excluded.latency_histogram),
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

-- ===========================================================================================
-- Repricing
-- ===========================================================================================

-- Writes new prices for events of `org` and corrects the rollups by the difference, for a batch
-- the app re-priced: [{ id, occurred_at, cost, pricing_status, unpriced_reason, price_lines,
-- original_cost, original_currency, fx_rate, fx_rate_date }, …]. Only events whose price actually
-- changes are written. Runs serialized per organization (advisory lock), so the old values it
-- reads cannot move under it; ingest never updates an existing event. Returns the count changed.
create function private.reprice_events(org uuid, changes jsonb) returns integer
language sql volatile security definer set search_path = '' as $$
  select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('reprice:' || org::text, 0));

  with input as (
    select c.* from pg_catalog.jsonb_to_recordset(changes) as c(
      id bigint, occurred_at timestamptz, cost numeric, pricing_status text, unpriced_reason text, price_lines jsonb,
      original_cost numeric, original_currency text, fx_rate numeric, fx_rate_date date)
  ), old as (
    -- The statement's snapshot: the values before this update (see above why they are current).
    select e.id, e.occurred_at, e.service, e.model, e.team, e.project, e.environment, e.cost, e.pricing_status
    from public.usage_events e join input i on i.id = e.id and i.occurred_at = e.occurred_at
    where e.org_id = org
  ), updated as (
    update public.usage_events e set
      cost = i.cost, pricing_status = i.pricing_status, unpriced_reason = i.unpriced_reason, price_lines = i.price_lines,
      original_cost = i.original_cost, original_currency = i.original_currency, fx_rate = i.fx_rate, fx_rate_date = i.fx_rate_date
    from input i
    where e.org_id = org and e.id = i.id and e.occurred_at = i.occurred_at
      and (e.cost is distinct from i.cost or e.pricing_status is distinct from i.pricing_status
        or e.unpriced_reason is distinct from i.unpriced_reason or e.price_lines is distinct from i.price_lines
        or e.original_cost is distinct from i.original_cost or e.original_currency is distinct from i.original_currency
        or e.fx_rate is distinct from i.fx_rate or e.fx_rate_date is distinct from i.fx_rate_date)
    returning e.id, e.occurred_at, e.cost, e.pricing_status
  ), diff as (
    select o.occurred_at, o.service, o.model, o.team, o.project, o.environment,
      coalesce(u.cost, 0) - coalesce(o.cost, 0) as cost_delta,
      (u.pricing_status = 'unpriced')::int - (o.pricing_status = 'unpriced')::int as unpriced_delta
    from old o join updated u on u.id = o.id and u.occurred_at = o.occurred_at
  ), rolled as (
    insert into public.spend_rollups as r (org_id, bucket, service, model, team, project, environment, currency, cost,
      unpriced_count)
    select org, pg_catalog.date_trunc('hour', d.occurred_at, 'UTC'), d.service, d.model, d.team, d.project, d.environment,
      (select o.base_currency from public.organizations o where o.id = org), sum(d.cost_delta), sum(d.unpriced_delta)
    from diff d
    group by 2, 3, 4, 5, 6, 7
    order by 2, 3, 4, 5, 6, 7
    on conflict on constraint spend_rollups_key do update set
      cost = r.cost + excluded.cost,
      unpriced_count = r.unpriced_count + excluded.unpriced_count,
      updated_at = now()
  )
  select count(*)::integer from diff
$$;

-- ===========================================================================================
-- Retention
-- ===========================================================================================

-- Deletes each organization's raw events (and their idempotency keys) older than its retention,
-- then drops the monthly partitions that ended before the longest retention of any organization.
-- Rollups stay. Returns the partitions dropped. Daily via cron (below).
create function private.apply_usage_retention(now_at timestamptz default now()) returns setof text
language plpgsql volatile security definer set search_path = '' as $$
declare
  org record;
  part record;
  cutoff timestamptz;
  oldest_kept timestamptz;
begin
  for org in select o.id, o.retention_months from public.organizations o loop
    cutoff := now_at - pg_catalog.make_interval(months => org.retention_months);
    delete from public.usage_events e where e.org_id = org.id and e.occurred_at < cutoff;
    delete from private.usage_event_keys k where k.org_id = org.id and k.occurred_at < cutoff;
  end loop;

  oldest_kept := now_at - pg_catalog.make_interval(months => coalesce((select max(o.retention_months) from public.organizations o), 13));
  for part in
    select c.relname as name,
      (pg_catalog.regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz as ends
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.usage_events'::regclass and c.relname <> 'usage_events_default'
  loop
    if part.ends <= oldest_kept then
      execute format('drop table private.%I', part.name);
      return next part.name;
    end if;
  end loop;
end
$$;

select cron.schedule('usage-events-retention', '30 3 * * *', $$ select private.apply_usage_retention() $$);

-- ===========================================================================================
-- Grants
-- ===========================================================================================

revoke execute on function private.organizations_fix_base_currency(), private.queue_reprice_jobs(), private.are_valid_unit_prices(jsonb),
  private.fx_rates_not_base_currency(), private.lock_pricing_exclusive(), private.latency_bounds(),
  private.add_histograms(bigint[], bigint[]), private.latency_histogram(integer[]), private.pricing_context(uuid, date, date),
  private.ingest_events(uuid, uuid, text, jsonb), private.reprice_events(uuid, jsonb),
  private.apply_usage_retention(timestamptz) from public;
-- Called by the table's check constraint, so every role that writes the table needs it.
grant execute on function private.are_valid_unit_prices(jsonb) to authenticated, service_role;
grant execute on function private.pricing_context(uuid, date, date), private.ingest_events(uuid, uuid, text, jsonb),
  private.reprice_events(uuid, jsonb), private.apply_usage_retention(timestamptz), private.latency_bounds() to service_role;
