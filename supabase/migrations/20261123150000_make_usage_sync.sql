-- Make usage sync (issue 8 §1): a Make connector also pulls each scenario's operations and
-- credits per day into public.connector_usage, on the same schedule and under the same claims as
-- the cost connectors (sync-connectors). Make bills in operations and credits, not money, so these
-- are quantities; its days are cut in the Make organization's time zone (the API's
-- organizationTimezone), which is what Make's own usage screens show.

create table public.connector_usage (
  org_id uuid not null references public.organizations (id) on delete cascade,
  connector_id uuid not null references public.connectors (id) on delete cascade,
  day date not null,
  line_item text not null constraint connector_usage_line_item_length check (pg_catalog.char_length(line_item) between 1 and 300),
  unit text not null constraint connector_usage_unit_valid check (unit in ('operations', 'credits')),
  quantity numeric not null constraint connector_usage_quantity_non_negative check (quantity >= 0),
  synced_at timestamptz not null default now(),
  primary key (connector_id, day, line_item, unit)
);
create index connector_usage_org_day_idx on public.connector_usage (org_id, day);
comment on table public.connector_usage is 'Usage a provider counts in its own units (Make operations and credits) per day and line item, synced by connectors.';

alter table public.connector_usage enable row level security;
create policy connector_usage_select_members on public.connector_usage for select to authenticated
  using (org_id in (select private.user_org_ids()));
grant select on public.connector_usage to authenticated;
grant select, insert, update, delete on public.connector_usage to service_role;
create trigger connector_usage_org_id_immutable before update on public.connector_usage
  for each row execute function private.forbid_tenant_change('org_id');

-- Every connector is synced now; only what it yields differs (costs, or usage).
drop index public.connectors_sync_due_idx;
create index connectors_sync_due_idx on public.connectors (sync_next_at);

create or replace function private.connectors_store_credentials() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' and new.credentials is null then
    raise exception 'A connector needs its credentials' using errcode = 'SG084';
  end if;
  if new.credentials is not null then
    if tg_op = 'INSERT' or old.secret_id is null then
      new.secret_id := vault.create_secret(new.credentials, 'connector:' || new.id::text, 'Spendguard connector credentials');
    else
      new.secret_id := old.secret_id;
      perform vault.update_secret(old.secret_id, new.credentials);
    end if;
    new.credentials := null;
    new.credentials_set_at := pg_catalog.now();
    new.status := 'ok';
    new.last_error := null;
    new.sync_next_at := pg_catalog.now();
    new.sync_attempts := 0;
    new.last_sync_error := null;
  elsif tg_op = 'UPDATE' then
    new.secret_id := old.secret_id;
  end if;
  new.updated_at := pg_catalog.now();
  return new;
end
$$;

create or replace function private.connectors_poke_sync() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.sync_next_at <= pg_catalog.now() then
    perform private.invoke_function('sync-connectors', if_configured => true);
  end if;
  return null;
end
$$;

create or replace function private.claim_connector_syncs(max_connectors integer default 5)
returns table (id uuid, org_id uuid, provider text, settings jsonb, synced_through date, sync_attempts integer, sync_claim uuid)
language sql volatile security definer set search_path = '' as $$
  update public.connectors c
  set sync_claim = pg_catalog.gen_random_uuid(), sync_claimed_until = pg_catalog.now() + interval '10 minutes', sync_attempts = c.sync_attempts + 1
  where c.id in (
    select d.id from public.connectors d
    where d.sync_next_at <= pg_catalog.now() and (d.sync_claimed_until is null or d.sync_claimed_until < pg_catalog.now())
    order by d.sync_next_at
    limit max_connectors
    for update skip locked)
  returning c.id, c.org_id, c.provider, c.settings, c.synced_through, c.sync_attempts, c.sync_claim
$$;

-- As in 110000, with `usage` ([{day, line_item, unit, quantity}]) replacing the window's
-- connector_usage rows the way `costs` replaces its billed_costs rows.
drop function private.record_connector_sync(uuid, uuid, date, date, jsonb, date, text, boolean, timestamptz);
create function private.record_connector_sync(
  connector uuid, claim uuid, window_from date, window_to date, costs jsonb, usage jsonb, through date, error text, refused boolean, next_at timestamptz
) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  target public.connectors;
begin
  select * into target from public.connectors c where c.id = connector and c.sync_claim = claim for update;
  if not found then
    return false;
  end if;
  if error is null then
    delete from public.billed_costs b where b.connector_id = connector and b.day >= window_from and b.day < window_to;
    insert into public.billed_costs (org_id, connector_id, service, day, line_item, currency, amount)
    select target.org_id, connector, target.provider, x.day, x.line_item, x.currency, x.amount
    from pg_catalog.jsonb_to_recordset(coalesce(costs, '[]')) as x(day date, line_item text, currency text, amount numeric)
    where x.day >= window_from and x.day < window_to;
    delete from public.connector_usage u where u.connector_id = connector and u.day >= window_from and u.day < window_to;
    insert into public.connector_usage (org_id, connector_id, day, line_item, unit, quantity)
    select target.org_id, connector, x.day, x.line_item, x.unit, x.quantity
    from pg_catalog.jsonb_to_recordset(coalesce(usage, '[]')) as x(day date, line_item text, unit text, quantity numeric)
    where x.day >= window_from and x.day < window_to;
  end if;
  update public.connectors c set
    sync_claim = null,
    sync_claimed_until = null,
    sync_next_at = next_at,
    last_sync_error = error,
    last_synced_at = case when error is null then pg_catalog.now() else c.last_synced_at end,
    synced_through = case when error is null then greatest(c.synced_through, through) else c.synced_through end,
    sync_attempts = case when error is null then 0 else c.sync_attempts end,
    status = case when error is null then 'ok' when refused then 'error' else c.status end,
    last_error = case when error is null then null when refused then error else c.last_error end,
    last_used_at = pg_catalog.now()
  where c.id = connector;
  return true;
end
$$;

drop function private.syncs_costs(text);
revoke execute on function private.record_connector_sync(uuid, uuid, date, date, jsonb, jsonb, date, text, boolean, timestamptz) from public;
grant execute on function private.record_connector_sync(uuid, uuid, date, date, jsonb, jsonb, date, text, boolean, timestamptz) to service_role;

-- Existing Make connectors start syncing their usage now.
update public.connectors set sync_next_at = pg_catalog.now() where provider = 'make' and sync_next_at is null;
