-- Provider cost sync (issue 8 §1): connectors to OpenAI, Anthropic, Twilio and AWS pull what the
-- provider billed, per UTC day and line item, into public.billed_costs — the other side of
-- reconciliation against what Spendguard priced from events.
--
-- The sync-connectors edge function (lib/connectors/sync) claims due connectors
-- (private.claim_connector_syncs: `for update skip locked`, a ten-minute lease under a claim
-- token), asks each provider for a window of whole UTC days — the last 30 on first connect, then
-- from two days before the last synced day, since providers settle recent days late — and writes
-- the answer with private.record_connector_sync, which replaces the window's rows in one
-- statement: a re-run changes nothing, a corrected figure replaces the old one, and a sync that
-- fails writes nothing. A connector removed mid-sync loses its claim, and its rows go with it.
-- The minute after new credentials are written the connector is due again.

alter table public.connectors drop constraint connectors_provider_valid,
  add constraint connectors_provider_valid check (provider in ('make', 'openai', 'anthropic', 'twilio', 'aws'));
alter table public.connectors
  add column synced_through date,
  add column last_synced_at timestamptz,
  add column last_sync_error text,
  add column sync_next_at timestamptz,
  add column sync_attempts integer not null default 0,
  add column sync_claim uuid,
  add column sync_claimed_until timestamptz;
create index connectors_sync_due_idx on public.connectors (sync_next_at) where provider <> 'make';
grant select (synced_through, last_synced_at, last_sync_error, sync_next_at) on public.connectors to authenticated;
-- "Sync now": an admin may make a connector due; the sync itself is the system's.
grant update (sync_next_at) on public.connectors to authenticated;

-- The providers whose costs are synced (Make acts on scenarios; its usage comes later).
create function private.syncs_costs(provider text) returns boolean
language sql immutable set search_path = '' as $$
  select provider in ('openai', 'anthropic', 'twilio', 'aws')
$$;

create table public.billed_costs (
  org_id uuid not null references public.organizations (id) on delete cascade,
  connector_id uuid not null references public.connectors (id) on delete cascade,
  -- The Spendguard service the provider's usage events carry (reconciliation joins on it).
  service text not null,
  day date not null,
  line_item text not null constraint billed_costs_line_item_length check (pg_catalog.char_length(line_item) between 1 and 300),
  currency text not null constraint billed_costs_currency_format check (currency ~ '^[A-Z]{3}$'),
  amount numeric not null,
  synced_at timestamptz not null default now(),
  primary key (connector_id, day, line_item, currency)
);
create index billed_costs_org_service_day_idx on public.billed_costs (org_id, service, day);
comment on table public.billed_costs is 'What providers billed per UTC day and line item, synced by connectors; replaced window by window.';

alter table public.billed_costs enable row level security;
create policy billed_costs_select_members on public.billed_costs for select to authenticated
  using (org_id in (select private.user_org_ids()));
grant select on public.billed_costs to authenticated;
grant select, insert, update, delete on public.billed_costs to service_role;

-- Written credentials make a cost connector due now (a fixed key deserves a fresh try).
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
    if private.syncs_costs(new.provider) then
      new.sync_next_at := pg_catalog.now();
      new.sync_attempts := 0;
      new.last_sync_error := null;
    end if;
  elsif tg_op = 'UPDATE' then
    new.secret_id := old.secret_id;
  end if;
  new.updated_at := pg_catalog.now();
  return new;
end
$$;

-- A cost connector that became due by a person's hand (new, new credentials, "Sync now") is
-- synced right after the commit rather than at the next cron tick.
create function private.connectors_poke_sync() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if private.syncs_costs(new.provider) and new.sync_next_at <= pg_catalog.now() then
    perform private.invoke_function('sync-connectors', if_configured => true);
  end if;
  return null;
end
$$;

-- Due cost connectors, each under a lease and a fresh claim token that fences its outcome.
create function private.claim_connector_syncs(max_connectors integer default 5)
returns table (id uuid, org_id uuid, provider text, settings jsonb, synced_through date, sync_attempts integer, sync_claim uuid)
language sql volatile security definer set search_path = '' as $$
  update public.connectors c
  set sync_claim = pg_catalog.gen_random_uuid(), sync_claimed_until = pg_catalog.now() + interval '10 minutes', sync_attempts = c.sync_attempts + 1
  where c.id in (
    select d.id from public.connectors d
    where private.syncs_costs(d.provider) and d.sync_next_at <= pg_catalog.now()
      and (d.sync_claimed_until is null or d.sync_claimed_until < pg_catalog.now())
    order by d.sync_next_at
    limit max_connectors
    for update skip locked)
  returning c.id, c.org_id, c.provider, c.settings, c.synced_through, c.sync_attempts, c.sync_claim
$$;

-- A claimed sync's outcome. Success: the window's rows are replaced by `costs`
-- ([{day, line_item, currency, amount}]) and synced_through advances. Failure: nothing is written
-- but the error, whether the provider refused the credentials (the connector then needs
-- attention) and when to try again. False when the claim was lost (the lease ran out and another
-- run took it, or the connector was removed).
create function private.record_connector_sync(
  connector uuid, claim uuid, window_from date, window_to date, costs jsonb, through date, error text, refused boolean, next_at timestamptz
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

revoke execute on function private.syncs_costs(text), private.connectors_poke_sync(), private.claim_connector_syncs(integer),
  private.record_connector_sync(uuid, uuid, date, date, jsonb, date, text, boolean, timestamptz) from public;
grant execute on function private.claim_connector_syncs(integer), private.record_connector_sync(uuid, uuid, date, date, jsonb, date, text, boolean, timestamptz)
  to service_role;

create trigger connectors_poke_sync after insert or update of credentials, sync_next_at on public.connectors
  for each row execute function private.connectors_poke_sync();

-- Syncs change bookkeeping many times a day; the log keeps what people and verdicts change.
drop trigger connectors_audit on public.connectors;
create trigger connectors_audit after insert or delete or update of name, settings, credentials, status on public.connectors
  for each row execute function private.audit_change('connector');

create trigger billed_costs_org_id_immutable before update on public.billed_costs
  for each row execute function private.forbid_tenant_change('org_id');

select cron.schedule('sync-connectors', '*/10 * * * *', $$select private.invoke_function('sync-connectors')$$);
