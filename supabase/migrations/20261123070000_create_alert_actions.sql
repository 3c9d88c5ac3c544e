-- Automated actions on alert rules (issue 9 §3), the ones Spendguard carries out itself:
--
--   * public.alert_actions: what a rule does when it fires, besides telling people —
--     `enforce_hard` (switch the rule's budget to hard enforcement, so checks deny what no longer
--     fits) or `suspend_key_scope` (take the ingest or check scope from one API key). Optionally
--     `requires_approval`: an admin approves each run first.
--   * public.alert_action_runs: one per action and alert, with what it acted on (`target`) and
--     what it changed (`did`), so a person can see it and undo it. Written when the alert is
--     recorded, in the same transaction (the alerts trigger below): an `enforce_hard` lands with
--     the batch that crossed the line, so the next check already sees it.
--   * Admins (and API keys with "write") change a run's status only: awaiting_approval → done
--     (approve: carried out then) or declined; done → undone (reversed from `did`). The trigger
--     private.alert_action_runs_decide enforces that and does the work. Both tables are audited;
--     the changes an action makes to budgets and keys are audited as the system's, not as the
--     request's that fired the alert.

create table public.alert_actions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  rule_id uuid not null references public.alert_rules (id) on delete cascade,
  kind text not null constraint alert_actions_kind_valid check (kind in ('enforce_hard', 'suspend_key_scope')),
  api_key_id uuid references public.api_keys (id) on delete cascade,
  scope text constraint alert_actions_scope_valid check (scope in ('ingest', 'check')),
  requires_approval boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint alert_actions_shape check (
    case kind when 'suspend_key_scope' then api_key_id is not null and scope is not null else api_key_id is null and scope is null end),
  constraint alert_actions_once unique nulls not distinct (rule_id, kind, api_key_id, scope)
);
create index alert_actions_api_key_id_idx on public.alert_actions (api_key_id) where api_key_id is not null;
comment on table public.alert_actions is 'What an alert rule does when it fires, besides notifying: enforce_hard or suspend_key_scope.';

create table public.alert_action_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- Kept when the action is deleted later: the run is history.
  action_id uuid references public.alert_actions (id) on delete set null,
  alert_id uuid not null references public.alerts (id) on delete cascade,
  kind text not null,
  status text not null constraint alert_action_runs_status_valid
    check (status in ('awaiting_approval', 'done', 'skipped', 'declined', 'undone')),
  -- What it acts on: {budget_id} or {api_key_id, scope}.
  target jsonb not null,
  -- What it changed: {enforcement_before} or {scope_removed}; null until carried out.
  did jsonb,
  -- Why it was skipped (its target gone, nothing to change) or could not be undone.
  note text,
  created_at timestamptz not null default now(),
  ran_at timestamptz,
  decided_at timestamptz,
  decided_by uuid references auth.users (id) on delete set null,
  undone_at timestamptz,
  undone_by uuid references auth.users (id) on delete set null,
  constraint alert_action_runs_once unique (action_id, alert_id)
);
create index alert_action_runs_alert_id_idx on public.alert_action_runs (alert_id);
create index alert_action_runs_org_id_idx on public.alert_action_runs (org_id, created_at desc);
comment on table public.alert_action_runs is 'Each time an alert action ran (or waits for approval): what it acted on and what it changed.';

alter table public.alert_actions enable row level security;
alter table public.alert_action_runs enable row level security;
create policy alert_actions_select_members on public.alert_actions for select to authenticated
  using (org_id in (select private.user_org_ids()));
create policy alert_actions_insert_admins on public.alert_actions for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy alert_actions_delete_admins on public.alert_actions for delete to authenticated
  using (private.has_role(org_id, 'admin'));
create policy alert_action_runs_select_members on public.alert_action_runs for select to authenticated
  using (org_id in (select private.user_org_ids()));
create policy alert_action_runs_update_admins on public.alert_action_runs for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
grant select, insert, delete on public.alert_actions to authenticated, service_role;
grant select on public.alert_action_runs to authenticated, service_role;
-- The status is all a person changes; the trigger fills in the rest.
grant update (status) on public.alert_action_runs to authenticated, service_role;

-- ===========================================================================================
-- Carrying out and reversing
-- ===========================================================================================

-- Carries out one action on its target and says what it did: {"did": {…}} or {"skipped": why}.
-- The changes are the system's in the audit log (the request that fired the alert only tripped it).
create function private.apply_alert_action(kind text, target jsonb) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  claims text := pg_catalog.current_setting('request.jwt.claims', true);
  before text;
  key_scopes text[];
  result jsonb;
begin
  perform pg_catalog.set_config('request.jwt.claims', '{"role": "service_role"}', true);
  if kind = 'enforce_hard' then
    select b.enforcement into before from public.budgets b where b.id = (target ->> 'budget_id')::uuid for update;
    if not found then
      result := pg_catalog.jsonb_build_object('skipped', 'The budget no longer exists.');
    elsif before = 'hard' then
      result := pg_catalog.jsonb_build_object('skipped', 'The budget was already on hard enforcement.');
    else
      update public.budgets set enforcement = 'hard' where id = (target ->> 'budget_id')::uuid;
      result := pg_catalog.jsonb_build_object('did', pg_catalog.jsonb_build_object('enforcement_before', before));
    end if;
  else
    select k.scopes into key_scopes from public.api_keys k
    where k.id = (target ->> 'api_key_id')::uuid and k.revoked_at is null for update;
    if not found then
      result := pg_catalog.jsonb_build_object('skipped', 'The API key no longer exists or was revoked.');
    elsif not (target ->> 'scope' = any (key_scopes)) then
      result := pg_catalog.jsonb_build_object('skipped', pg_catalog.format('The API key did not have the %s scope.', target ->> 'scope'));
    elsif pg_catalog.cardinality(key_scopes) = 1 then
      -- A key keeps at least one scope (api_keys_scopes_valid); revoking it is a person's decision.
      result := pg_catalog.jsonb_build_object('skipped', pg_catalog.format('%s is the key''s only scope; revoke the key instead.', target ->> 'scope'));
    else
      update public.api_keys k set scopes = pg_catalog.array_remove(k.scopes, target ->> 'scope') where k.id = (target ->> 'api_key_id')::uuid;
      result := pg_catalog.jsonb_build_object('did', pg_catalog.jsonb_build_object('scope_removed', target ->> 'scope'));
    end if;
  end if;
  perform pg_catalog.set_config('request.jwt.claims', coalesce(claims, ''), true);
  return result;
end
$$;

-- Reverses what a run did; null when reversed, else why it cannot be (the target moved on).
create function private.reverse_alert_action(kind text, target jsonb, did jsonb) returns text
language plpgsql volatile security definer set search_path = '' as $$
declare
  now_enforcement text;
  key_scopes text[];
begin
  if kind = 'enforce_hard' then
    select b.enforcement into now_enforcement from public.budgets b where b.id = (target ->> 'budget_id')::uuid for update;
    if not found then
      return 'The budget no longer exists.';
    elsif now_enforcement <> 'hard' then
      return pg_catalog.format('The budget is on %s enforcement now: someone changed it since.', now_enforcement);
    end if;
    update public.budgets set enforcement = did ->> 'enforcement_before' where id = (target ->> 'budget_id')::uuid;
  else
    select k.scopes into key_scopes from public.api_keys k
    where k.id = (target ->> 'api_key_id')::uuid and k.revoked_at is null for update;
    if not found then
      return 'The API key no longer exists or was revoked.';
    end if;
    if not (did ->> 'scope_removed' = any (key_scopes)) then
      update public.api_keys k set scopes = k.scopes || (did ->> 'scope_removed') where k.id = (target ->> 'api_key_id')::uuid;
    end if;
  end if;
  return null;
end
$$;

-- The only status changes: approve (awaiting_approval → done, carried out now; skipped when its
-- target is gone), decline (awaiting_approval → declined) and undo (done → undone, reversed).
-- Stamps who and when; everything else about a run is the system's.
create function private.alert_action_runs_decide() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  outcome jsonb;
  refused text;
begin
  if old.status = 'awaiting_approval' and new.status = 'done' then
    outcome := private.apply_alert_action(new.kind, new.target);
    new.status := case when outcome ? 'skipped' then 'skipped' else 'done' end;
    new.did := outcome -> 'did';
    new.note := outcome ->> 'skipped';
    new.ran_at := pg_catalog.now();
    new.decided_at := pg_catalog.now();
    new.decided_by := (select auth.uid());
  elsif old.status = 'awaiting_approval' and new.status = 'declined' then
    new.decided_at := pg_catalog.now();
    new.decided_by := (select auth.uid());
  elsif old.status = 'done' and new.status = 'undone' then
    refused := private.reverse_alert_action(new.kind, new.target, new.did);
    if refused is not null then
      raise exception 'This action cannot be undone: %', refused using errcode = 'SG081';
    end if;
    new.undone_at := pg_catalog.now();
    new.undone_by := (select auth.uid());
  else
    raise exception 'A run goes from awaiting_approval to done or declined, or from done to undone' using errcode = 'SG080';
  end if;
  return new;
end
$$;

-- When an alert is recorded, each of its rule's actions runs now, or waits for an admin.
create function private.alerts_run_actions() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  action record;
  target jsonb;
  outcome jsonb;
begin
  for action in select a.* from public.alert_actions a where a.rule_id = new.rule_id order by a.created_at, a.id loop
    target := case action.kind
      when 'enforce_hard' then pg_catalog.jsonb_build_object('budget_id', new.budget_id)
      else pg_catalog.jsonb_build_object('api_key_id', action.api_key_id, 'scope', action.scope) end;
    if action.kind = 'enforce_hard' and new.budget_id is null then
      outcome := pg_catalog.jsonb_build_object('skipped', 'The alert is about no budget.');
    elsif action.requires_approval then
      outcome := null;
    else
      outcome := private.apply_alert_action(action.kind, target);
    end if;
    insert into public.alert_action_runs (org_id, action_id, alert_id, kind, status, target, did, note, ran_at)
    values (new.org_id, action.id, new.id, action.kind,
      case when outcome is null then 'awaiting_approval' when outcome ? 'skipped' then 'skipped' else 'done' end,
      target, outcome -> 'did', outcome ->> 'skipped', case when outcome is null then null else pg_catalog.now() end);
  end loop;
  return null;
end
$$;

-- What an action names must be its organization's: its rule and, for a key scope, its key.
create function private.alert_actions_check() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.alert_rules r where r.id = new.rule_id and r.org_id = new.org_id) then
    raise exception 'The alert rule does not exist' using errcode = 'SG082';
  end if;
  if new.api_key_id is not null
    and not exists (select 1 from public.api_keys k where k.id = new.api_key_id and k.org_id = new.org_id and k.revoked_at is null) then
    raise exception 'The API key does not exist' using errcode = 'SG083';
  end if;
  return new;
end
$$;

revoke execute on function private.apply_alert_action(text, jsonb), private.reverse_alert_action(text, jsonb, jsonb),
  private.alert_action_runs_decide(), private.alerts_run_actions(), private.alert_actions_check() from public;
-- The dry run: the app calls it in a savepoint it rolls back (lib/services/alerts/preview-alert-action.ts).
grant execute on function private.apply_alert_action(text, jsonb) to service_role;

create trigger alert_actions_check before insert on public.alert_actions
  for each row execute function private.alert_actions_check();
-- Only status changes: deleting an action sets its runs' action_id to null, which is no decision.
create trigger alert_action_runs_decide before update on public.alert_action_runs
  for each row when (old.status is distinct from new.status) execute function private.alert_action_runs_decide();
create trigger alerts_run_actions after insert on public.alerts
  for each row execute function private.alerts_run_actions();
create trigger alert_actions_org_id_immutable before update on public.alert_actions
  for each row execute function private.forbid_tenant_change('org_id');
create trigger alert_action_runs_org_id_immutable before update on public.alert_action_runs
  for each row execute function private.forbid_tenant_change('org_id');
create trigger alert_actions_audit after insert or update or delete on public.alert_actions
  for each row execute function private.audit_change('alert_action');
create trigger alert_action_runs_audit after insert or update or delete on public.alert_action_runs
  for each row execute function private.audit_change('alert_action_run');
