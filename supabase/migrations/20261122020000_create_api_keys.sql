-- API keys: how machines reach one organization through /api/v1 (DESIGN §3, §6).
--
--   * public.api_keys holds what people see: name, display prefix, scopes, who made it and when,
--     when it was last used, and revocation. Admins and owners read and revoke; nobody deletes a
--     key (revoked is final and the row stays as history).
--   * The secret is shown once and never stored. Its SHA-256 lives in private.api_key_secrets,
--     a table no API role can read, so the hash never leaves the database toward a browser (a
--     column-level grant would also break `select *` for admins). Keys are made only through
--     private.create_api_key, so a key and its hash are always written together.
--   * private.authenticate_api_key(hash) is the only way from a secret to a key, for service_role.
--   * Creating and revoking are audited (actor: the user); last_used_at is not.
-- Errors the app maps to messages: SG030 (already revoked), SG031 (revoked_by is not the revoker).

-- ===========================================================================================
-- Tables
-- ===========================================================================================

-- Non-empty, no duplicates, only known scopes. A function because a check cannot hold a subquery.
create function private.are_valid_api_key_scopes(scopes text[]) returns boolean
language sql immutable set search_path = '' as $$
  select cardinality(scopes) > 0
    and scopes <@ array['ingest', 'read', 'write', 'check']
    and (select count(distinct s) from pg_catalog.unnest(scopes) s) = cardinality(scopes)
$$;

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null constraint api_keys_name_length check (char_length(btrim(name)) between 1 and 100),
  prefix text not null constraint api_keys_prefix_format check (prefix ~ '^sg_[A-Za-z0-9_-]{8}$'),
  scopes text[] not null constraint api_keys_scopes_valid check (private.are_valid_api_key_scopes(scopes)),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null
);
create index api_keys_org_id_created_at_idx on public.api_keys (org_id, created_at desc);
comment on table public.api_keys is 'Keys for the public API (/api/v1), one organization each. The secret is shown once and never stored.';
comment on column public.api_keys.prefix is 'The first characters of the secret (sg_ + 8), to recognize a key in lists and logs.';
comment on column public.api_keys.scopes is 'What the key may do: ingest (send usage), read, write (budgets, alerts), check (pre-spend checks).';
comment on column public.api_keys.last_used_at is 'Updated at most once a minute, so busy keys do not write on every request.';

create table private.api_key_secrets (
  api_key_id uuid primary key references public.api_keys (id) on delete cascade,
  secret_hash text not null
    constraint api_key_secrets_secret_hash_format check (secret_hash ~ '^[0-9a-f]{64}$')
    constraint api_key_secrets_secret_hash_key unique
);
comment on table private.api_key_secrets is 'hex(sha256(secret)) of each API key. No API role has any privilege here.';

-- ===========================================================================================
-- Row level security and grants
-- ===========================================================================================

alter table public.api_keys enable row level security;
-- Not exposed, not granted; RLS as a second lock in case a grant ever slips in.
alter table private.api_key_secrets enable row level security;

-- Admin+ only: a key list tells who can reach the organization's data from outside, which is
-- the same kind of information as the member list's invitations (admin+ too).
create policy api_keys_select_admins on public.api_keys for select to authenticated
  using (private.has_role(org_id, 'admin'));
-- No insert policy or grant: keys are created by private.create_api_key, with their hash.
create policy api_keys_update_admins on public.api_keys for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
-- No delete policy or grant: a key is revoked, never erased, so the audit trail holds.

grant select on public.api_keys to authenticated, service_role;
-- Revoking is the only change a user makes; what the key is and may do is set once.
grant update (revoked_at, revoked_by) on public.api_keys to authenticated;
grant update (revoked_at, revoked_by, last_used_at) on public.api_keys to service_role;

-- ===========================================================================================
-- Triggers
-- ===========================================================================================

-- Revoked is final, and a user who revokes is recorded as the revoker. Security definer: it
-- looks up auth.users, which API roles cannot read.
create function private.api_keys_revoke_once() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := auth.uid();
begin
  -- Deleting a user sets their references null (`on delete set null`); that is always allowed.
  if (to_jsonb(new) - 'created_by' - 'revoked_by') = (to_jsonb(old) - 'created_by' - 'revoked_by')
    and (new.created_by is not distinct from old.created_by
      or (new.created_by is null and not exists (select 1 from auth.users u where u.id = old.created_by)))
    and (new.revoked_by is not distinct from old.revoked_by
      or (new.revoked_by is null and not exists (select 1 from auth.users u where u.id = old.revoked_by)))
  then
    return new;
  end if;
  if old.revoked_at is not null then
    raise exception using errcode = 'SG030', message = 'This API key is already revoked.';
  elsif new.revoked_at is null and new.revoked_by is not null then
    raise exception using errcode = 'SG031', message = 'Only a revoked key has a revoker.';
  elsif caller is not null and new.revoked_at is not null and new.revoked_by is distinct from caller then
    raise exception using errcode = 'SG031', message = 'Whoever revokes an API key is recorded as its revoker.';
  end if;
  return new;
end
$$;

create trigger api_keys_org_id_immutable before update on public.api_keys
  for each row execute function private.forbid_tenant_change('org_id');
create trigger api_keys_revoke_once before update on public.api_keys
  for each row execute function private.api_keys_revoke_once();
-- `update of`: last_used_at alone is usage, not a configuration change, and writes no audit row.
create trigger api_keys_audit after insert or update of name, scopes, revoked_at, revoked_by or delete on public.api_keys
  for each row execute function private.audit_change('api_key');

revoke execute on function private.api_keys_revoke_once() from public;
revoke execute on function private.are_valid_api_key_scopes(text[]) from public;
grant execute on function private.are_valid_api_key_scopes(text[]) to authenticated, service_role;

-- ===========================================================================================
-- Functions the app calls
-- ===========================================================================================

-- Creates a key and stores its hash, for an admin or owner of `org`. The secret itself never
-- reaches the database: the app hashes it and shows it once.
create function private.create_api_key(org uuid, key_name text, key_scopes text[], key_prefix text, key_secret_hash text)
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  key_id uuid;
begin
  if auth.uid() is null or not private.has_role(org, 'admin') then
    raise exception using errcode = '42501', message = 'Only admins and owners can create API keys.';
  end if;
  insert into public.api_keys (org_id, name, prefix, scopes, created_by)
  values (org, btrim(key_name), key_prefix, key_scopes, auth.uid())
  returning id into key_id;
  insert into private.api_key_secrets (api_key_id, secret_hash) values (key_id, key_secret_hash);
  return key_id;
end
$$;

-- The active key with this hash and its organization, or nothing (unknown and revoked look the
-- same). Marks the key used, at most once a minute so a busy key does not write per request.
create function private.authenticate_api_key(key_secret_hash text)
returns table (api_key_id uuid, api_key_name text, scopes text[], org_id uuid, org_name text, org_slug text,
  base_currency text, timezone text, org_created_at timestamptz)
language sql volatile security definer set search_path = '' as $$
  with active as (
    select k.id, k.name, k.scopes, k.org_id
    from private.api_key_secrets s
    join public.api_keys k on k.id = s.api_key_id
    where s.secret_hash = key_secret_hash and k.revoked_at is null
  ), touched as (
    update public.api_keys k set last_used_at = now()
    from active
    where k.id = active.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute')
  )
  select a.id, a.name, a.scopes, o.id, o.name, o.slug, o.base_currency, o.timezone, o.created_at
  from active a
  join public.organizations o on o.id = a.org_id
$$;

revoke execute on function private.create_api_key(uuid, text, text[], text, text), private.authenticate_api_key(text) from public;
grant execute on function private.create_api_key(uuid, text, text[], text, text) to authenticated;
grant execute on function private.authenticate_api_key(text) to service_role;
