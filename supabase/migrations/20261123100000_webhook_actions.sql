-- Calling a signed webhook as an alert action (issue 9 §3): `call_webhook` POSTs a Standard
-- Webhooks-signed `action.requested` event to one of the organization's verified webhook channels
-- when its rule fires — after an admin's approval if asked — so the receiver (an n8n or Zapier
-- flow, a deploy hook, an agent's controller) can act; Undo POSTs `action.undone` to the same
-- endpoint so it can reverse what it did. Unlike a webhook among a rule's recipients (which hears
-- every alert), this is an action: it can wait for approval, has a dry run, shows what it did and
-- can be undone.
--
-- Like stop_make_scenarios it acts outside the database: queued for the run-alert-actions edge
-- function (lib/automations), claimed under a lease, retried with backoff. The webhook-id of each
-- call is the run's id (…-undo for the way back), so a retried delivery can be dropped by the
-- receiver. Resolving the alert undoes nothing here: the receiver hears alert.resolved through the
-- rule's recipients if it wants to.

alter table public.alert_actions add column channel_id uuid references public.notification_channels (id) on delete cascade;
create index alert_actions_channel_id_idx on public.alert_actions (channel_id) where channel_id is not null;
alter table public.alert_actions drop constraint alert_actions_kind_valid,
  add constraint alert_actions_kind_valid check (kind in ('enforce_hard', 'suspend_key_scope', 'stop_make_scenarios', 'call_webhook'));
alter table public.alert_actions drop constraint alert_actions_shape, add constraint alert_actions_shape check (
  case kind
    when 'suspend_key_scope' then api_key_id is not null and scope is not null and connector_id is null and channel_id is null
    when 'stop_make_scenarios' then connector_id is not null and api_key_id is null and scope is null and channel_id is null
    when 'call_webhook' then channel_id is not null and api_key_id is null and scope is null and connector_id is null
    else api_key_id is null and scope is null and connector_id is null and channel_id is null
  end);
alter table public.alert_actions drop constraint alert_actions_once,
  add constraint alert_actions_once unique nulls not distinct (rule_id, kind, api_key_id, scope, connector_id, channel_id);

-- The kinds carried out by the runner rather than in the database.
create function private.is_external_action(kind text) returns boolean
language sql immutable set search_path = '' as $$
  select kind in ('stop_make_scenarios', 'call_webhook')
$$;

create or replace function private.alerts_run_actions() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  action record;
  target jsonb;
  outcome jsonb;
  run_status text;
begin
  for action in select a.* from public.alert_actions a where a.rule_id = new.rule_id order by a.created_at, a.id loop
    target := case action.kind
      when 'enforce_hard' then pg_catalog.jsonb_build_object('budget_id', new.budget_id)
      when 'stop_make_scenarios' then pg_catalog.jsonb_build_object('connector_id', action.connector_id, 'budget_id', new.budget_id)
      when 'call_webhook' then pg_catalog.jsonb_build_object('channel_id', action.channel_id, 'budget_id', new.budget_id)
      else pg_catalog.jsonb_build_object('api_key_id', action.api_key_id, 'scope', action.scope) end;
    outcome := null;
    if action.kind in ('enforce_hard', 'stop_make_scenarios') and new.budget_id is null then
      outcome := pg_catalog.jsonb_build_object('skipped', 'The alert is about no budget.');
      run_status := 'skipped';
    elsif action.requires_approval then
      run_status := 'awaiting_approval';
    elsif private.is_external_action(action.kind) then
      run_status := 'queued';
      perform private.poke_action_runner();
    else
      outcome := private.apply_alert_action(action.kind, target);
      run_status := case when outcome ? 'skipped' then 'skipped' else 'done' end;
    end if;
    insert into public.alert_action_runs (org_id, action_id, alert_id, kind, status, target, did, note, ran_at, next_attempt_at)
    values (new.org_id, action.id, new.id, action.kind, run_status, target, outcome -> 'did', outcome ->> 'skipped',
      case when outcome is null then null else pg_catalog.now() end,
      case when run_status = 'queued' then pg_catalog.now() end);
  end loop;
  return null;
end
$$;

-- As in 090000, with every external kind queued on approval and undo. A failed run can be undone
-- only when it changed something first (Make scenarios it stopped); a webhook that never arrived
-- has nothing to take back.
create or replace function private.alert_action_runs_decide() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  outcome jsonb;
  refused text;
  external boolean := private.is_external_action(new.kind);
begin
  if pg_catalog.current_setting('spendguard.action_runner', true) = 'on' then
    return new;
  end if;
  if old.status = 'awaiting_approval' and new.status = 'done' then
    new.decided_at := pg_catalog.now();
    new.decided_by := (select auth.uid());
    if not external then
      outcome := private.apply_alert_action(new.kind, new.target);
      new.status := case when outcome ? 'skipped' then 'skipped' else 'done' end;
      new.did := outcome -> 'did';
      new.note := outcome ->> 'skipped';
      new.ran_at := pg_catalog.now();
    elsif new.kind = 'stop_make_scenarios' and exists (select 1 from public.alerts a where a.id = new.alert_id and a.status = 'resolved') then
      new.status := 'skipped';
      new.note := 'The alert had resolved before the run was approved.';
      new.ran_at := pg_catalog.now();
    else
      new.status := 'queued';
      new.next_attempt_at := pg_catalog.now();
      perform private.poke_action_runner();
    end if;
  elsif old.status = 'awaiting_approval' and new.status = 'declined' then
    new.decided_at := pg_catalog.now();
    new.decided_by := (select auth.uid());
  elsif external and old.status = 'failed' and new.status = 'done' then
    new.status := 'queued';
    new.attempts := 0;
    new.next_attempt_at := pg_catalog.now();
    new.note := null;
    perform private.poke_action_runner();
  elsif external and new.status = 'undone' and (old.status = 'done'
      or (old.status = 'failed' and pg_catalog.jsonb_array_length(coalesce(old.did -> 'stopped', '[]')) > 0)) then
    new.status := 'undoing';
    new.attempts := 0;
    new.next_attempt_at := pg_catalog.now();
    new.undone_by := (select auth.uid());
    perform private.poke_action_runner();
  elsif old.status = 'done' and new.status = 'undone' then
    refused := private.reverse_alert_action(new.kind, new.target, new.did);
    if refused is not null then
      raise exception 'This action cannot be undone: %', refused using errcode = 'SG081';
    end if;
    new.undone_at := pg_catalog.now();
    new.undone_by := (select auth.uid());
  elsif external and old.status = 'failed' and new.status = 'undone' then
    raise exception 'This action cannot be undone: it changed nothing before it failed' using errcode = 'SG081';
  else
    raise exception 'A run goes from awaiting_approval to done or declined, from done to undone, or (a failed outside action) to done again or undone'
      using errcode = 'SG080';
  end if;
  return new;
end
$$;

-- As in 090000; only Make runs turn back when their alert has resolved by the time they report.
create or replace function private.record_action_run(
  run_id uuid, claimed_attempt integer, new_status text, new_did jsonb, new_note text, retry_at timestamptz default null
) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  phase text;
  run_kind text;
  resolved boolean;
begin
  select r.status, r.kind, a.status = 'resolved' into phase, run_kind, resolved
  from public.alert_action_runs r join public.alerts a on a.id = r.alert_id
  where r.id = run_id and r.attempts = claimed_attempt and r.status in ('queued', 'undoing')
  for update of r;
  if not found then
    return false;
  end if;
  if new_status is null and retry_at is null then
    raise exception 'A run is either finished (new_status) or retried (retry_at)';
  end if;
  if not (new_status is null
      or (phase = 'queued' and new_status in ('done', 'skipped', 'failed'))
      or (phase = 'undoing' and new_status in ('undone', 'done'))) then
    raise exception 'A % run cannot become %', phase, new_status;
  end if;
  perform pg_catalog.set_config('spendguard.action_runner', 'on', true);
  if phase = 'queued' and new_status = 'done' and resolved and run_kind = 'stop_make_scenarios' then
    update public.alert_action_runs set status = 'undoing', did = new_did, ran_at = pg_catalog.now(), attempts = 0,
      next_attempt_at = pg_catalog.now(), claimed_until = null, note = 'The alert resolved: starting the scenarios again.'
    where id = run_id;
    perform private.poke_action_runner();
  else
    update public.alert_action_runs r set
      status = coalesce(new_status, r.status),
      did = new_did,
      note = new_note,
      next_attempt_at = retry_at,
      claimed_until = null,
      ran_at = case when phase = 'queued' and new_status is not null then pg_catalog.now() else r.ran_at end,
      undone_at = case when new_status = 'undone' then pg_catalog.now() else r.undone_at end
    where r.id = run_id;
  end if;
  perform pg_catalog.set_config('spendguard.action_runner', '', true);
  return true;
end
$$;

-- A webhook action names a verified, enabled webhook channel of its own organization.
create or replace function private.alert_actions_check() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.alert_rules r where r.id = new.rule_id and r.org_id = new.org_id) then
    raise exception 'The alert rule does not exist' using errcode = 'SG082';
  end if;
  if new.api_key_id is not null
    and not exists (select 1 from public.api_keys k where k.id = new.api_key_id and k.org_id = new.org_id and k.revoked_at is null) then
    raise exception 'The API key does not exist' using errcode = 'SG083';
  end if;
  if new.connector_id is not null
    and not exists (select 1 from public.connectors c where c.id = new.connector_id and c.org_id = new.org_id and c.provider = 'make') then
    raise exception 'The Make connector does not exist' using errcode = 'SG085';
  end if;
  if new.channel_id is not null and not exists (
    select 1 from public.notification_channels c
    where c.id = new.channel_id and c.org_id = new.org_id and c.kind = 'webhook' and c.verified_at is not null and c.disabled_at is null) then
    raise exception 'The webhook channel does not exist or is not verified' using errcode = 'SG086';
  end if;
  return new;
end
$$;

revoke execute on function private.is_external_action(text) from public;
-- The runner renders the alert into the webhook body as notifications do.
grant execute on function private.alert_payload(public.alerts, text) to service_role;
