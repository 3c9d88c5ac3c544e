-- Local only (never in migrations): messages the stack would have sent — auth emails now,
-- notifications later — captured for /dev/outbox instead of leaving the machine.

create schema if not exists local_dev authorization supabase_admin;
grant usage on schema local_dev to service_role, supabase_auth_admin;

create table if not exists local_dev.outbox (
  id bigserial primary key,
  created_at timestamptz not null default now(),
  channel text not null check (channel in ('email', 'sms', 'webhook')),
  source text not null,
  recipient text not null,
  subject text,
  body_html text,
  body_text text,
  meta jsonb not null default '{}'::jsonb
);
create index if not exists outbox_recipient_idx on local_dev.outbox (recipient, id desc);

grant select, insert on local_dev.outbox to service_role, supabase_auth_admin;
grant usage on sequence local_dev.outbox_id_seq to service_role, supabase_auth_admin;
