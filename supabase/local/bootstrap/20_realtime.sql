-- The `realtime` schema that Supabase Realtime manages: `messages` (what private channels are
-- authorized against and what Broadcast from Database writes), `topic()` and `send()`.
-- Locally `messages` is a plain table rather than partitioned by day; the gateway is told of
-- each committed broadcast by NOTIFY (sent only on commit) and reads the row back.

create schema if not exists realtime authorization supabase_admin;
grant usage on schema realtime to postgres, anon, authenticated, service_role, supabase_realtime_admin;

create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid(),
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default true,
  inserted_at timestamp not null default now(),
  updated_at timestamp not null default now(),
  primary key (id, inserted_at)
);
create index if not exists messages_inserted_at_topic_idx on realtime.messages (inserted_at desc, topic);
alter table realtime.messages owner to supabase_realtime_admin;
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant all on realtime.messages to postgres;

create or replace function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception when others then
    -- As on Supabase: a failed broadcast never aborts the caller's transaction.
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void language plpgsql as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation in ('INSERT', 'UPDATE', 'DELETE') then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                                   'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end
$$;

grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, anon, authenticated, service_role;

-- Local-only delivery hook: NOTIFY is delivered only after commit, so the gateway hears of
-- exactly the committed broadcasts. Messages over NOTIFY's 8000-byte limit are read back by id.
create or replace function realtime.notify_gateway() returns trigger language plpgsql security definer
set search_path = '' as $$
declare
  message text := jsonb_build_object('id', new.id, 'topic', new.topic, 'event', new.event,
                                     'private', new.private, 'payload', new.payload)::text;
begin
  if octet_length(message) > 7900 then
    message := jsonb_build_object('id', new.id, 'truncated', true)::text;
  end if;
  perform pg_notify('realtime_broadcast', message);
  return null;
end
$$;

drop trigger if exists notify_gateway on realtime.messages;
create trigger notify_gateway after insert on realtime.messages
  for each row when (new.extension = 'broadcast') execute function realtime.notify_gateway();
