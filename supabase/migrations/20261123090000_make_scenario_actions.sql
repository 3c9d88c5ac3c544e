-- Stopping Make.com scenarios as an alert action (issue 9 §3): `stop_make_scenarios` stops the
-- active scenarios of a Make connector's team that are tagged to the budget's scope
-- (lib/core/connectors/scenario-tags.ts) and starts them again when the alert resolves or a
-- person presses Undo.
--
-- Unlike enforce_hard and suspend_key_scope, this acts outside the database, so it cannot happen
-- in the transaction that records the alert: the run is queued (status `queued`, or `undoing` for
-- the way back) and carried out by the run-alert-actions edge function
-- (lib/automations/run-alert-actions.ts), poked after commit and run every minute by pg_cron. The
-- runner claims runs with `for update skip locked` and a two-minute lease, records each outcome
-- fenced by its attempt number (private.record_action_run), and retries what Make could not do
-- yet with backoff. What it stopped is written down as it goes (`did.stopped`), so a retry or an
-- undo knows exactly which scenarios are Spendguard's to start again, and nothing else is started.
--
-- Statuses added: queued → done | skipped | failed; done → undoing → undone (or back to done with
-- a note when Make refuses); failed → queued (a person tries again) or undoing (start what was
-- stopped before it failed).

alter table public.alert_actions add column connector_id uuid references public.connectors (id) on delete cascade;
create index alert_actions_connector_id_idx on public.alert_actions (connector_id) where connector_id is not null;
alter table public.alert_actions drop constraint alert_actions_kind_valid,
  add constraint alert_actions_kind_valid check (kind in ('enforce_hard', 'suspend_key_scope', 'stop_make_scenarios'));
alter table public.alert_actions drop constraint alert_actions_shape, add constraint alert_actions_shape check (
  case kind
    when 'suspend_key_scope' then api_key_id is not null and scope is not null and connector_id is null
    when 'stop_make_scenarios' then connector_id is not null and api_key_id is null and scope is null
    else api_key_id is null and scope is null and connector_id is null
  end);
alter table public.alert_actions drop constraint alert_actions_once,
  add constraint alert_actions_once unique nulls not distinct (rule_id, kind, api_key_id, scope, connector_id);

alter table public.alert_action_runs drop constraint alert_action_runs_status_valid,
  add constraint alert_action_runs_status_valid
    check (status in ('awaiting_approval', 'queued', 'done', 'skipped', 'failed', 'declined', 'undoing', 'undone'));
alter table public.alert_action_runs
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz,
  add column claimed_until timestamptz;
create index alert_action_runs_due_idx on public.alert_action_runs (next_attempt_at) where status in ('queued', 'undoing');

-- Claims and retries change bookkeeping only; the log keeps what happened (status changes).
drop trigger alert_action_runs_audit on public.alert_action_runs;
create trigger alert_action_runs_audit after insert or delete or update of status on public.alert_action_runs
  for each row execute function private.audit_change('alert_action_run');

-- Asks the runner to look now, once per transaction; without the Vault secrets the minute cron
-- still gets to it.
create function private.poke_action_runner() returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if pg_catalog.current_setting('spendguard.action_runner_poked', true) is distinct from 'on' then
    perform pg_catalog.set_config('spendguard.action_runner_poked', 'on', true);
    perform private.invoke_function('run-alert-actions', if_configured => true);
  end if;
end
$$;

-- When an alert is recorded, each of its rule's actions runs now, waits for an admin, or (Make)
-- is queued for the runner.
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
      else pg_catalog.jsonb_build_object('api_key_id', action.api_key_id, 'scope', action.scope) end;
    outcome := null;
    if action.kind in ('enforce_hard', 'stop_make_scenarios') and new.budget_id is null then
      outcome := pg_catalog.jsonb_build_object('skipped', 'The alert is about no budget.');
      run_status := 'skipped';
    elsif action.requires_approval then
      run_status := 'awaiting_approval';
    elsif action.kind = 'stop_make_scenarios' then
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

-- People's decisions (see 070000 for the in-database kinds). For a Make run, approving queues it,
-- undoing queues the way back, and a failed run can be tried again or undone (what it stopped
-- before failing). The runner's own bookkeeping passes unchecked: it sets
-- spendguard.action_runner for the length of its statement, which no client can do.
create or replace function private.alert_action_runs_decide() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  outcome jsonb;
  refused text;
  external boolean := new.kind = 'stop_make_scenarios';
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
    elsif exists (select 1 from public.alerts a where a.id = new.alert_id and a.status = 'resolved') then
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
    raise exception 'This action cannot be undone: it stopped no scenario before it failed' using errcode = 'SG081';
  else
    raise exception 'A run goes from awaiting_approval to done or declined, from done to undone, or (a failed Make run) to done again or undone'
      using errcode = 'SG080';
  end if;
  return new;
end
$$;

-- The runner's claim: due runs, each under a two-minute lease; the attempt number fences its outcome.
create function private.claim_action_runs(max_runs integer default 10) returns setof public.alert_action_runs
language sql volatile security definer set search_path = '' as $$
  update public.alert_action_runs r
  set attempts = r.attempts + 1, claimed_until = pg_catalog.now() + interval '2 minutes'
  where r.id in (
    select d.id from public.alert_action_runs d
    where d.status in ('queued', 'undoing') and d.next_attempt_at <= pg_catalog.now()
      and (d.claimed_until is null or d.claimed_until < pg_catalog.now())
    order by d.next_attempt_at
    limit max_runs
    for update skip locked)
  returning r.*
$$;

-- The runner's outcome for a claimed run: a final status, or null with retry_at to try again
-- later (did and note record the progress so far). False when the lease was lost — another
-- runner took the run over — and nothing was written. A stop that finishes after its alert
-- resolved turns straight into the way back.
create function private.record_action_run(
  run_id uuid, claimed_attempt integer, new_status text, new_did jsonb, new_note text, retry_at timestamptz default null
) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  phase text;
  resolved boolean;
begin
  select r.status, a.status = 'resolved' into phase, resolved
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
  if phase = 'queued' and new_status = 'done' and resolved then
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

-- An alert that resolves starts its stopped scenarios again, and a Make run not yet carried out
-- has nothing left to do. (A run the runner holds right now is handled when it reports back.)
create function private.alerts_undo_actions() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_catalog.set_config('spendguard.action_runner', 'on', true);
  update public.alert_action_runs r set status = 'undoing', attempts = 0, next_attempt_at = pg_catalog.now(),
    note = 'The alert resolved: starting the scenarios again.'
  where r.alert_id = new.id and r.kind = 'stop_make_scenarios' and r.status = 'done';
  if found then
    perform private.poke_action_runner();
  end if;
  update public.alert_action_runs r set status = 'skipped', ran_at = pg_catalog.now(), next_attempt_at = null,
    note = 'The alert resolved before the run was carried out.'
  where r.alert_id = new.id and r.kind = 'stop_make_scenarios' and r.status = 'queued'
    and (r.claimed_until is null or r.claimed_until < pg_catalog.now());
  perform pg_catalog.set_config('spendguard.action_runner', '', true);
  return null;
end
$$;

-- A Make action names a Make connector of its own organization.
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
  return new;
end
$$;

revoke execute on function private.poke_action_runner(), private.claim_action_runs(integer),
  private.record_action_run(uuid, integer, text, jsonb, text, timestamptz), private.alerts_undo_actions() from public;
grant execute on function private.claim_action_runs(integer), private.record_action_run(uuid, integer, text, jsonb, text, timestamptz)
  to service_role;

create trigger alerts_undo_actions after update of status on public.alerts
  for each row when (old.status <> 'resolved' and new.status = 'resolved') execute function private.alerts_undo_actions();

select cron.schedule('run-alert-actions', '* * * * *', $$select private.invoke_function('run-alert-actions')$$);
