-- Connectors: an organization's accounts with outside services, whose credentials Spendguard
-- keeps to act on them (issue 9: stop Make.com scenarios) and, later, to read what they billed
-- (issue 8: provider cost sync).
--
-- Credentials are write-only. A client writes them into `credentials` (on insert, or to rotate
-- them); the trigger below moves them into Supabase Vault — encrypted at rest with a key that is
-- not in the database — and leaves `credentials` null, which a check constraint makes certain.
-- Only private.connector_credentials(id), executable by service_role alone, reads them back: the
-- app's server (to verify or preview) and the run-alert-actions edge function. Nobody sees them
-- again in the app; an admin can replace them.
--
-- `settings` holds what is not secret (Make: its zone and team id). `status` / `last_error` are
-- the system's verdict from the last time it used the connector, shown on the settings page.

create table public.connectors (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null constraint connectors_provider_valid check (provider in ('make')),
  name text not null constraint connectors_name_length check (pg_catalog.char_length(name) between 1 and 100),
  settings jsonb not null default '{}' constraint connectors_settings_object check (pg_catalog.jsonb_typeof(settings) = 'object'),
  credentials text constraint connectors_credentials_never_stored check (credentials is null),
  secret_id uuid,
  -- When the credentials were last written: a rotation is an audited change like any other.
  credentials_set_at timestamptz not null default now(),
  status text not null default 'ok' constraint connectors_status_valid check (status in ('ok', 'error')),
  last_error text,
  last_used_at timestamptz,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint connectors_name_unique unique (org_id, name)
);
create index connectors_org_id_idx on public.connectors (org_id);
comment on table public.connectors is 'Accounts with outside services (Make.com); credentials live in Vault, never in this table.';
comment on column public.connectors.credentials is 'Write-only: moved into Vault by a trigger; always null when read.';

alter table public.connectors enable row level security;
create policy connectors_select_members on public.connectors for select to authenticated
  using (org_id in (select private.user_org_ids()));
create policy connectors_insert_admins on public.connectors for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy connectors_update_admins on public.connectors for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy connectors_delete_admins on public.connectors for delete to authenticated
  using (private.has_role(org_id, 'admin'));
grant select (id, org_id, provider, name, settings, credentials_set_at, status, last_error, last_used_at, created_by, created_at, updated_at)
  on public.connectors to authenticated;
grant insert (org_id, provider, name, settings, credentials) on public.connectors to authenticated;
grant update (name, settings, credentials) on public.connectors to authenticated;
grant delete on public.connectors to authenticated;
grant select, insert, update, delete on public.connectors to service_role;

-- Moves written credentials into Vault (a new secret, or the connector's own one replaced) and
-- marks the connector usable again: new credentials deserve a fresh verdict.
create function private.connectors_store_credentials() returns trigger
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
  elsif tg_op = 'UPDATE' then
    new.secret_id := old.secret_id;
  end if;
  new.updated_at := pg_catalog.now();
  return new;
end
$$;

create function private.connectors_forget_credentials() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from vault.secrets where id = old.secret_id;
  return null;
end
$$;

-- The credentials in clear, for the server side only.
create function private.connector_credentials(connector_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select s.decrypted_secret from public.connectors c join vault.decrypted_secrets s on s.id = c.secret_id where c.id = connector_id
$$;

revoke execute on function private.connectors_store_credentials(), private.connectors_forget_credentials(),
  private.connector_credentials(uuid) from public;
grant execute on function private.connector_credentials(uuid) to service_role;

create trigger connectors_store_credentials before insert or update on public.connectors
  for each row execute function private.connectors_store_credentials();
create trigger connectors_forget_credentials after delete on public.connectors
  for each row execute function private.connectors_forget_credentials();
create trigger connectors_org_id_immutable before update on public.connectors
  for each row execute function private.forbid_tenant_change('org_id');
create trigger connectors_audit after insert or update or delete on public.connectors
  for each row execute function private.audit_change('connector');
