-- Live updates (DESIGN §4 "Live dashboard"; issue 7 §1).
--
--   * Each organization has two private Realtime broadcast topics: org:<id>:spend (ingest sends
--     one `spend` message per committed batch with the deltas and the new totals, and a `budgets`
--     message with the ledgers it moved) and org:<id>:alerts (private.record_alerts sends
--     `alerts_changed`). Both are written with realtime.send() inside the writing transaction, so
--     a rolled-back batch announces nothing.
--   * Only members receive them: Realtime admits a client to a private channel when a select on
--     realtime.messages with the channel's topic passes RLS as that user. Nobody may send on them
--     from a client (no insert policy): the database is the only broadcaster.

-- The organization a topic belongs to: org:<uuid>:spend | org:<uuid>:alerts, else null.
create function private.topic_org(topic text) returns uuid
language sql immutable set search_path = '' as $$
  select case when topic ~ '^org:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:(spend|alerts)$'
    then pg_catalog.split_part(topic, ':', 2)::uuid end
$$;
revoke execute on function private.topic_org(text) from public;
grant execute on function private.topic_org(text) to authenticated, service_role;

create policy org_topics_members_receive on realtime.messages for select to authenticated
  using (
    realtime.messages.extension = 'broadcast'
    -- The row's own topic, not just the channel's: realtime.topic is a setting that stays set
    -- for the rest of a transaction that called realtime.send().
    and realtime.messages.topic = (select realtime.topic())
    and private.has_role(private.topic_org((select realtime.topic())), 'viewer')
  );

-- Spend so far today and this month in the organization's time zone, from the hourly rollups
-- (periods start on the hour that holds local midnight: exact for whole-hour zones). What the
-- dashboard's tiles show and what every `spend` message carries, so both agree.
create function private.spend_totals(org uuid, as_of timestamptz default pg_catalog.now())
returns table (today numeric, month numeric, today_start timestamptz, month_start timestamptz)
language sql stable security invoker set search_path = '' as $$
  with z as (
    select (pg_catalog.date_trunc('day', as_of at time zone o.timezone) at time zone o.timezone) as today_start,
      (pg_catalog.date_trunc('month', as_of at time zone o.timezone) at time zone o.timezone) as month_start
    from public.organizations o where o.id = org
  )
  -- Scalar bounds (not a join), so the month's range is an index condition on the rollups.
  select coalesce(sum(r.cost) filter (where r.bucket >= pg_catalog.date_trunc('hour', (select z.today_start from z))), 0),
    coalesce(sum(r.cost), 0), (select z.today_start from z), (select z.month_start from z)
  from public.spend_rollups r
  where r.org_id = org and r.bucket >= pg_catalog.date_trunc('hour', (select z.month_start from z)) and r.bucket <= as_of
  having exists (select 1 from z)
$$;
revoke execute on function private.spend_totals(uuid, timestamptz) from public;
grant execute on function private.spend_totals(uuid, timestamptz) to authenticated, service_role;

-- One `spend` message per committed ingest batch: the batch's deltas (from the app) with the
-- organization's new totals. Sent inside the batch's transaction: delivered only if it commits.
create function private.broadcast_spend(org uuid, delta jsonb) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  t record;
begin
  -- Concurrent batches of one organization take turns here (only this short tail of the batch):
  -- the message delivered last was computed last, so its totals include every batch before it.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('broadcast_spend:' || org::text, 0));
  select * into t from private.spend_totals(org);
  perform realtime.send(
    delta || pg_catalog.jsonb_build_object(
      'committed_at', pg_catalog.now(),
      'totals', pg_catalog.jsonb_build_object('today', t.today::text, 'month', t.month::text,
        'today_start', t.today_start, 'month_start', t.month_start)),
    'spend', 'org:' || org || ':spend', true);
end
$$;
revoke execute on function private.broadcast_spend(uuid, jsonb) from public;
grant execute on function private.broadcast_spend(uuid, jsonb) to service_role;
