-- Foundation: the `private` schema for helpers that RLS policies call (security definer,
-- `set search_path = ''`, fully qualified names). It is not exposed through the Data API and
-- grants nothing to `anon`; `authenticated` and `service_role` may use it only because
-- policies evaluated as those roles call its functions.

create schema if not exists private;

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Postgres grants EXECUTE on every new function to PUBLIC, and per-schema default privileges
-- cannot take that back: each migration revokes it by name for the functions it adds here.

comment on schema private is 'Helpers for RLS policies and triggers; never exposed through the Data API.';
