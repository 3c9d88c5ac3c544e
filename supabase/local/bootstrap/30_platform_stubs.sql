-- Stand-ins for the extensions hosted Supabase provides and embedded Postgres lacks: pg_cron
-- (`cron`), pg_net (`net`) and Supabase Vault (`vault`). Same function signatures, so
-- migrations written for Supabase run unchanged; the gateway runs the jobs and the HTTP calls.

-- cron -------------------------------------------------------------------------------------
create schema if not exists cron authorization supabase_admin;
grant usage on schema cron to postgres, service_role;

create table if not exists cron.job (
  jobid bigserial primary key,
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport integer not null default 5432,
  database text not null default current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text unique
);

create table if not exists cron.job_run_details (
  jobid bigint,
  runid bigserial primary key,
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

-- Security invoker, as in pg_cron: the job runs as whoever scheduled it (current_user).
create or replace function cron.schedule(job_name text, schedule text, command text)
returns bigint language plpgsql set search_path = '' as $$
declare
  job_id bigint;
begin
  if schedule !~ '^\s*\d+\s+seconds?\s*$' and array_length(regexp_split_to_array(trim(schedule), '\s+'), 1) <> 5 then
    raise exception 'invalid schedule: %', schedule;
  end if;
  insert into cron.job (jobname, schedule, command, username)
  values (job_name, schedule, command, current_user)
  on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command, active = true
  returning jobid into job_id;
  perform pg_notify('cron_changed', job_id::text);
  return job_id;
end
$$;

create or replace function cron.schedule(schedule text, command text)
returns bigint language sql set search_path = '' as $$
  select cron.schedule(null::text, schedule, command)
$$;

create or replace function cron.unschedule(job_name text)
returns boolean language plpgsql set search_path = '' as $$
begin
  delete from cron.job where jobname = job_name;
  if not found then
    raise exception 'could not find valid entry for job ''%''', job_name;
  end if;
  perform pg_notify('cron_changed', job_name);
  return true;
end
$$;

create or replace function cron.unschedule(job_id bigint)
returns boolean language plpgsql set search_path = '' as $$
begin
  delete from cron.job where jobid = job_id;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
  perform pg_notify('cron_changed', job_id::text);
  return true;
end
$$;

grant select, insert, update, delete on cron.job to postgres;
grant usage on sequence cron.job_jobid_seq to postgres;
grant select on cron.job, cron.job_run_details to postgres, service_role;
grant execute on all functions in schema cron to postgres;

-- net --------------------------------------------------------------------------------------
create schema if not exists net authorization supabase_admin;
grant usage on schema net to postgres, service_role;

create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table if not exists net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);

-- Queues one request; the worker performs it after commit (NOTIFY is delivered only then).
create or replace function net.enqueue(
  method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer
) returns bigint language plpgsql security definer set search_path = '' as $$
declare
  request_id bigint;
  query text := (select string_agg(format('%s=%s', key, value), '&') from jsonb_each_text(params));
begin
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, url || coalesce('?' || query, ''), headers, body, timeout_milliseconds)
  returning id into request_id;
  perform pg_notify('net_request', request_id::text);
  return request_id;
end
$$;
revoke execute on function net.enqueue(text, text, jsonb, jsonb, bytea, integer) from public;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net.enqueue('POST', url, params, headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net.enqueue('GET', url, params, headers, null, timeout_milliseconds)
$$;

grant execute on function net.http_post(text, jsonb, jsonb, jsonb, integer), net.http_get(text, jsonb, jsonb, integer)
  to postgres, service_role;
grant select on net._http_response to postgres, service_role;

-- vault ------------------------------------------------------------------------------------
-- Supabase Vault encrypts each secret with a root key kept outside the database, so a dump, a
-- backup or a role that can read `vault.secrets` sees only ciphertext; clear text comes only from
-- `vault.decrypted_secrets`. Connector credentials live here, so the stand-in does the same with
-- pgcrypto: each secret is an armored OpenPGP message (AES-256, integrity-checked, its own random
-- salt and IV) under a root key that the local stack writes once per cluster to the file
-- `vault_root.key` in the data directory (32 random bytes, mode 0600: supabase/local/postgres.ts).
-- `key_id` and `nonce` are kept for the API's shape only.
create schema if not exists vault authorization supabase_admin;
grant usage on schema vault to postgres, service_role;

create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Only the superuser that owns it may run it (revoked from public, granted to nobody): the
-- functions below reach it as security definers.
create or replace function vault._root_key() returns text
language plpgsql security definer set search_path = '' as $$
declare
  key bytea := pg_catalog.pg_read_binary_file('vault_root.key');
begin
  if pg_catalog.octet_length(key) <> 32 then
    raise exception 'vault_root.key in the data directory must hold 32 bytes';
  end if;
  return pg_catalog.encode(key, 'hex');
end
$$;
revoke all on function vault._root_key() from public;

create or replace function vault._encrypt(secret text) returns text
language sql security definer set search_path = '' as $$
  select extensions.armor(extensions.pgp_sym_encrypt(secret, vault._root_key(), 'cipher-algo=aes256'))
$$;

-- A view checks its functions' EXECUTE against the querying role, not the view's owner: the
-- readers of `decrypted_secrets` need this one, which decrypts without handing out the key.
create or replace function vault._decrypt(secret text) returns text
language sql security definer set search_path = '' as $$
  select extensions.pgp_sym_decrypt(extensions.dearmor(secret), vault._root_key())
$$;

-- Data directories from before encryption hold clear text: encrypt it in place once.
update vault.secrets set secret = vault._encrypt(secret) where secret not like '-----BEGIN PGP MESSAGE-----%';

create or replace view vault.decrypted_secrets as
  select id, name, description, secret, vault._decrypt(secret) as decrypted_secret, key_id, nonce, created_at, updated_at
  from vault.secrets;

create or replace function vault.create_secret(
  new_secret text, new_name text default null, new_description text default '', new_key_id uuid default null
) returns uuid language sql security definer set search_path = '' as $$
  insert into vault.secrets (secret, name, description, key_id)
  values (vault._encrypt(new_secret), new_name, coalesce(new_description, ''), new_key_id)
  returning id
$$;

create or replace function vault.update_secret(
  secret_id uuid, new_secret text default null, new_name text default null,
  new_description text default null, new_key_id uuid default null
) returns void language sql security definer set search_path = '' as $$
  update vault.secrets set
    secret = coalesce(vault._encrypt(new_secret), secret),
    name = coalesce(new_name, name),
    description = coalesce(new_description, description),
    key_id = coalesce(new_key_id, key_id),
    updated_at = now()
  where id = secret_id
$$;

grant select on vault.decrypted_secrets, vault.secrets to postgres, service_role;
-- As supabase_vault does (GRANT ALL ON TABLE vault.secrets TO postgres): migrations' functions may delete secrets.
grant all on vault.secrets to postgres;
revoke all on function vault._encrypt(text), vault._decrypt(text),
  vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid) from public;
grant execute on function vault._decrypt(text),
  vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid) to postgres, service_role;
