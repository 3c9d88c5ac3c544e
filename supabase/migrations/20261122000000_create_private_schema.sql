-- Foundation: the `private` schema for helpers that RLS policies call (security definer,
-- `set search_path = ''`, fully qualified names). It is not exposed through the Data API and
-- grants nothing to `anon`; `authenticated` and `service_role` may use it only because
-- policies evaluated as those roles call its functions.

create schema if not exists private;

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Functions created later in this schema are not executable by anyone until a migration
-- grants them explicitly.
alter default privileges for role postgres in schema private revoke execute on functions from public;

comment on schema private is 'Helpers for RLS policies and triggers; never exposed through the Data API.';
