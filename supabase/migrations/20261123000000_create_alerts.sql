-- Alerts and notifications (DESIGN §3, §4 "Alert delivery"; issue 6).
--
--   * public.notification_channels: an organization's external destinations — email addresses,
--     phone numbers (E.164) and webhook endpoints — each verified before it receives alerts, and
--     disabled (with the provider's reason) when a provider rejects it permanently. A webhook's
--     Standard Webhooks signing secret is readable by service_role only.
--   * public.alert_rules: per budget — actual spend ≥ threshold % of what the period allows,
--     forecast at the period end ≥ threshold %, anomaly (robust score of the recent window against
--     the same window of earlier weeks, with a minimum excess) — or per service — API health
--     (error rate % or p95 latency over a window). Recipients are members (by email) and channels.
--     New budgets get 50/80/100 % actual and 100 % forecast rules for their creator.
--   * public.alerts: what fired. At most one unresolved alert per rule, subject and period (a
--     partial unique index), so however often a condition is seen it fires once; the decision
--     itself (cooldown, mute) is lib/core/alerts/decide-alert.ts, made by the writer. Members
--     acknowledge with a note; alerts resolve when their period ends (cron) or their condition
--     clears (the evaluators).
--   * public.notifications: the outbox. private.record_alerts writes one row per recipient in the
--     transaction that fires or resolves the alert and pokes the dispatch-notifications edge
--     function through pg_net (after commit); the function claims rows with
--     `for update skip locked`, sends, and records the provider's id, or retries with backoff
--     until the row is dead. pg_cron drains it every minute as well, so nothing waits on the poke.
--   * memberships.weekly_digest: members opt in to a weekly spend email per organization.

-- ===========================================================================================
-- Channels
-- ===========================================================================================

create table public.notification_channels (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null constraint notification_channels_kind_valid check (kind in ('email', 'sms', 'webhook')),
  name text not null constraint notification_channels_name_length check (char_length(btrim(name)) between 1 and 100),
  -- A lower-case email address, an E.164 number or an https URL; validated by the app
  -- (lib/core/alerts/destinations.ts), the shape is checked here too.
  destination text not null constraint notification_channels_destination_shape check (
    char_length(destination) <= 2000 and case kind
      when 'email' then destination ~ '^[^\s@]+@[^\s@]+$'
      when 'sms' then destination ~ '^\+[1-9][0-9]{6,14}$'
      else destination ~ '^https?://' end),
  -- Standard Webhooks secret ("whsec_" + base64), webhooks only; never readable by members.
  signing_secret text,
  verified_at timestamptz,
  verification_code_hash text,
  verification_expires_at timestamptz,
  verification_attempts integer not null default 0,
  disabled_at timestamptz,
  disabled_reason text,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notification_channels_destination_unique unique (org_id, kind, destination),
  constraint notification_channels_secret_for_webhooks check ((kind = 'webhook') = (signing_secret is not null))
);
create index notification_channels_org_id_idx on public.notification_channels (org_id, created_at);
comment on table public.notification_channels is 'Verified external destinations for alerts: email addresses, phone numbers, webhook endpoints.';

-- ===========================================================================================
-- Rules
-- ===========================================================================================

create table public.alert_rules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- Budget rules (actual, forecast, anomaly) belong to a budget; health rules to a service.
  budget_id uuid references public.budgets (id) on delete cascade,
  kind text not null constraint alert_rules_kind_valid check (kind in ('actual', 'forecast', 'anomaly', 'health')),
  -- actual / forecast: percent of the period's amount; anomaly: robust score (≈ standard
  -- deviations); health: error rate in percent, or p95 latency in milliseconds.
  threshold numeric not null constraint alert_rules_threshold_positive check (threshold > 0 and threshold <= 100000),
  -- anomaly: 60 (the last hour) or 1440 (the last day); health: the window looked at.
  window_minutes integer constraint alert_rules_window_range check (window_minutes between 5 and 1440),
  -- anomaly: the excess over the usual level (base currency) below which nothing fires.
  min_amount numeric constraint alert_rules_min_amount_non_negative check (min_amount >= 0),
  service text constraint alert_rules_service_length check (char_length(service) between 1 and 200),
  metric text constraint alert_rules_metric_valid check (metric in ('error_rate', 'p95_latency')),
  -- health: fewer requests than this in the window say nothing.
  min_requests integer constraint alert_rules_min_requests_positive check (min_requests > 0),
  severity text not null default 'warning' constraint alert_rules_severity_valid check (severity in ('info', 'warning', 'critical')),
  member_ids uuid[] not null default '{}',
  channel_ids uuid[] not null default '{}',
  cooldown_minutes integer not null default 60 constraint alert_rules_cooldown_range check (cooldown_minutes between 0 and 10080),
  -- Off: nothing is evaluated. Muted: alerts are recorded in the app, nobody is notified.
  enabled boolean not null default true,
  muted_until timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint alert_rules_shape check (case kind
    when 'actual' then budget_id is not null and threshold <= 1000 and service is null and metric is null
    when 'forecast' then budget_id is not null and threshold <= 1000 and service is null and metric is null
    when 'anomaly' then budget_id is not null and window_minutes in (60, 1440) and min_amount is not null and metric is null
    else budget_id is null and service is not null and metric is not null and window_minutes is not null and min_requests is not null end)
);
create index alert_rules_org_id_idx on public.alert_rules (org_id, kind);
create index alert_rules_budget_id_idx on public.alert_rules (budget_id) where budget_id is not null;
comment on table public.alert_rules is 'When to alert (actual, forecast, anomaly, health), how loudly, and whom to tell.';

-- ===========================================================================================
-- Alerts
-- ===========================================================================================

create table public.alerts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  rule_id uuid not null references public.alert_rules (id) on delete cascade,
  budget_id uuid references public.budgets (id) on delete cascade,
  kind text not null constraint alerts_kind_valid check (kind in ('actual', 'forecast', 'anomaly', 'health')),
  severity text not null constraint alerts_severity_valid check (severity in ('info', 'warning', 'critical')),
  -- '' for a whole budget; the subject of a per-subject budget.
  subject text not null default '',
  -- The budget period the alert is about; -infinity for anomaly and health alerts (one open
  -- episode at a time) and lifetime budgets.
  period_start timestamptz not null,
  -- When the period ends the alert resolves (resolve_ended_alerts); null: it does not end.
  period_end timestamptz,
  status text not null default 'open' constraint alerts_status_valid check (status in ('open', 'acknowledged', 'resolved')),
  -- What was seen when it fired (lib/core/alerts/alert-facts.ts): amounts, percent, forecast, score…
  facts jsonb not null default '{}',
  -- Whether recipients were told: sent, muted (rule muted), cooldown, or no_recipients.
  delivery text not null constraint alerts_delivery_valid check (delivery in ('sent', 'muted', 'cooldown', 'no_recipients')),
  fired_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references auth.users (id) on delete set null,
  ack_note text constraint alerts_ack_note_length check (char_length(ack_note) <= 1000),
  resolved_at timestamptz,
  resolved_reason text constraint alerts_resolved_reason_valid check (resolved_reason in ('period_ended', 'condition_cleared')),
  resolved_facts jsonb,
  constraint alerts_resolved_consistent check ((status = 'resolved') = (resolved_at is not null and resolved_reason is not null))
);
create unique index alerts_one_unresolved_idx on public.alerts (rule_id, subject, period_start) where status <> 'resolved';
create index alerts_org_id_idx on public.alerts (org_id, fired_at desc);
create index alerts_unresolved_idx on public.alerts (org_id, status) where status <> 'resolved';
create index alerts_rule_id_idx on public.alerts (rule_id, subject, fired_at desc);
create index alerts_period_end_idx on public.alerts (period_end) where status <> 'resolved' and period_end is not null;
comment on table public.alerts is 'Fired alerts: once per rule, subject and period until resolved; acknowledged by members.';

-- ===========================================================================================
-- Outbox
-- ===========================================================================================

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  alert_id uuid references public.alerts (id) on delete cascade,
  channel_id uuid references public.notification_channels (id) on delete set null,
  user_id uuid references auth.users (id) on delete set null,
  -- What the message says (lib/core/alerts/notification-payload.ts renders each).
  purpose text not null constraint notifications_purpose_valid check (
    purpose in ('alert_fired', 'alert_resolved', 'digest', 'verification', 'test', 'channel_disabled')),
  channel text not null constraint notifications_channel_valid check (channel in ('email', 'sms', 'webhook')),
  destination text not null,
  payload jsonb not null,
  -- pending → sending → sent; a failed attempt goes back to pending with a later next_attempt_at;
  -- dead after max_attempts; rejected when the provider refused it for good (no retry helps).
  status text not null default 'pending' constraint notifications_status_valid check (
    status in ('pending', 'sending', 'sent', 'dead', 'rejected')),
  attempts integer not null default 0,
  max_attempts integer not null default 10,
  next_attempt_at timestamptz not null default now(),
  -- A claimed row whose lease ran out (the dispatcher died mid-send) is claimed again.
  locked_until timestamptz,
  last_error text,
  last_error_code text,
  provider text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);
create index notifications_due_idx on public.notifications (next_attempt_at) where status in ('pending', 'sending');
create index notifications_org_id_idx on public.notifications (org_id, created_at desc);
create index notifications_alert_id_idx on public.notifications (alert_id) where alert_id is not null;
create index notifications_channel_id_idx on public.notifications (channel_id) where channel_id is not null;
comment on table public.notifications is 'Outbox of emails, SMS and webhooks; drained by the dispatch-notifications edge function.';

alter table public.memberships add column weekly_digest boolean not null default false;
comment on column public.memberships.weekly_digest is 'The member receives the weekly spend digest email of this organization.';

-- ===========================================================================================
-- Access
-- ===========================================================================================

alter table public.notification_channels enable row level security;
alter table public.alert_rules enable row level security;
alter table public.alerts enable row level security;
alter table public.notifications enable row level security;

create policy notification_channels_select_members on public.notification_channels for select to authenticated
  using (private.has_role(org_id, 'member'));
create policy notification_channels_insert_admins on public.notification_channels for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy notification_channels_update_admins on public.notification_channels for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy notification_channels_delete_admins on public.notification_channels for delete to authenticated
  using (private.has_role(org_id, 'admin'));

create policy alert_rules_select_members on public.alert_rules for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy alert_rules_insert_admins on public.alert_rules for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy alert_rules_update_admins on public.alert_rules for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy alert_rules_delete_admins on public.alert_rules for delete to authenticated
  using (private.has_role(org_id, 'admin'));

create policy alerts_select_members on public.alerts for select to authenticated
  using (private.has_role(org_id, 'viewer'));
-- Acknowledging is the only change people make (alerts_acknowledge checks the transition).
create policy alerts_update_members on public.alerts for update to authenticated
  using (private.has_role(org_id, 'member')) with check (private.has_role(org_id, 'member'));

-- Destinations are personal data (phone numbers): admins see the delivery log.
create policy notifications_select_admins on public.notifications for select to authenticated
  using (private.has_role(org_id, 'admin'));

-- Secrets and verification codes stay with service_role.
grant select (id, org_id, kind, name, destination, verified_at, verification_expires_at, disabled_at, disabled_reason,
  created_by, created_at, updated_at) on public.notification_channels to authenticated;
grant insert (org_id, kind, name, destination, signing_secret) on public.notification_channels to authenticated;
grant update (name) on public.notification_channels to authenticated;
grant delete on public.notification_channels to authenticated;
grant select, insert, update, delete on public.notification_channels to service_role;

grant select, insert, delete on public.alert_rules to authenticated, service_role;
grant update (threshold, window_minutes, min_amount, service, metric, min_requests, severity, member_ids, channel_ids,
  cooldown_minutes, enabled, muted_until) on public.alert_rules to authenticated, service_role;

grant select on public.alerts to authenticated;
grant update (status, ack_note) on public.alerts to authenticated;
grant select, insert, update, delete on public.alerts to service_role;

grant select on public.notifications to authenticated;
grant select, insert, update, delete on public.notifications to service_role;

-- ===========================================================================================
-- Triggers
-- ===========================================================================================

-- A rule's budget and channels are its organization's; member ids are checked when it fires
-- (someone who left is skipped, not an error).
create function private.alert_rules_check() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.budget_id is not null and not exists (select 1 from public.budgets b where b.id = new.budget_id and b.org_id = new.org_id) then
    raise exception 'The budget does not exist' using errcode = 'SG070';
  end if;
  if exists (
    select 1 from pg_catalog.unnest(new.channel_ids) as c(id)
    where not exists (select 1 from public.notification_channels n where n.id = c.id and n.org_id = new.org_id)
  ) then
    raise exception 'A notification channel does not exist' using errcode = 'SG071';
  end if;
  return new;
end
$$;

-- People only acknowledge: open → acknowledged, stamped with who and when. Everything else is
-- the evaluators' (service_role). Security invoker, so current_user is the caller's role.
create function private.alerts_acknowledge() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if old.status <> 'open' or new.status <> 'acknowledged' then
    raise exception 'Only an open alert can be acknowledged' using errcode = 'SG072';
  end if;
  new.acknowledged_at := pg_catalog.now();
  new.acknowledged_by := (select auth.uid());
  return new;
end
$$;

-- Deleting a channel takes it out of every rule that names it.
create function private.notification_channels_unlink() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.alert_rules r set channel_ids = pg_catalog.array_remove(r.channel_ids, old.id)
  where r.org_id = old.org_id and old.id = any (r.channel_ids);
  return old;
end
$$;

-- A new budget starts with the defaults people expect: actual 50 / 80 / 100 % and forecast 100 %,
-- to whoever created it (the owners when an API key did).
create function private.budgets_default_alert_rules() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  recipients uuid[];
begin
  recipients := case when new.created_by is not null then array[new.created_by] else
    (select coalesce(pg_catalog.array_agg(m.user_id order by m.created_at), '{}') from public.memberships m
     where m.org_id = new.org_id and m.role = 'owner') end;
  insert into public.alert_rules (org_id, budget_id, kind, threshold, severity, member_ids, created_by)
  values (new.org_id, new.id, 'actual', 50, 'info', recipients, new.created_by),
         (new.org_id, new.id, 'actual', 80, 'warning', recipients, new.created_by),
         (new.org_id, new.id, 'actual', 100, 'critical', recipients, new.created_by),
         (new.org_id, new.id, 'forecast', 100, 'warning', recipients, new.created_by);
  return null;
end
$$;

create trigger alert_rules_check before insert or update on public.alert_rules
  for each row execute function private.alert_rules_check();
-- Ingest reads rules with the budgets under the pricing lock: a rule change waits for in-flight batches.
create trigger alert_rules_lock_pricing before insert or update or delete on public.alert_rules
  for each row execute function private.lock_pricing_exclusive();
create trigger alert_rules_touch_updated_at before update on public.alert_rules
  for each row execute function private.touch_updated_at();
create trigger alert_rules_org_id_immutable before update on public.alert_rules
  for each row execute function private.forbid_tenant_change('org_id');
create trigger alert_rules_audit after insert or update or delete on public.alert_rules
  for each row execute function private.audit_change('alert_rule');

create trigger alerts_acknowledge before update on public.alerts
  for each row execute function private.alerts_acknowledge();
create trigger alerts_org_id_immutable before update on public.alerts
  for each row execute function private.forbid_tenant_change('org_id');
create trigger alerts_audit after update on public.alerts
  for each row execute function private.audit_change('alert');

create trigger notification_channels_touch_updated_at before update on public.notification_channels
  for each row execute function private.touch_updated_at();
create trigger notification_channels_org_id_immutable before update on public.notification_channels
  for each row execute function private.forbid_tenant_change('org_id');
create trigger notification_channels_unlink before delete on public.notification_channels
  for each row execute function private.notification_channels_unlink();
create trigger notification_channels_audit after insert or update or delete on public.notification_channels
  for each row execute function private.audit_change('notification_channel');

create trigger notifications_touch_updated_at before update on public.notifications
  for each row execute function private.touch_updated_at();
create trigger notifications_org_id_immutable before update on public.notifications
  for each row execute function private.forbid_tenant_change('org_id');

create trigger budgets_default_alert_rules after insert on public.budgets
  for each row execute function private.budgets_default_alert_rules();

-- Budgets made before alerts existed get the same defaults.
insert into public.alert_rules (org_id, budget_id, kind, threshold, severity, member_ids, created_by)
select b.org_id, b.id, d.kind, d.threshold, d.severity,
  case when b.created_by is not null then array[b.created_by] else
    (select coalesce(pg_catalog.array_agg(m.user_id), '{}') from public.memberships m where m.org_id = b.org_id and m.role = 'owner') end,
  b.created_by
from public.budgets b
cross join (values ('actual', 50, 'info'), ('actual', 80, 'warning'), ('actual', 100, 'critical'), ('forecast', 100, 'warning'))
  as d(kind, threshold, severity);

-- ===========================================================================================
-- Ledger changes report what they moved (the evaluators compare before and after)
-- ===========================================================================================

drop function private.settle_and_add_to_ledgers(uuid, uuid[], jsonb);
drop function private.add_to_ledgers(uuid, jsonb);

-- Adds amounts to ledgers as before, and returns each touched row's spent before and after.
create function private.add_to_ledgers(org uuid, entries jsonb)
returns table (budget_id uuid, period_start timestamptz, subject text, spent_before numeric, spent numeric)
language sql volatile security definer set search_path = '' as $$
  with e as (
    select e.budget_id, e.period_start, e.subject, e.spent, coalesce(e.events, 0) as events, coalesce(e.unpriced, 0) as unpriced
    from pg_catalog.jsonb_to_recordset(entries) as e(budget_id uuid, period_start timestamptz, subject text, spent numeric,
      events bigint, unpriced bigint)
  ), written as (
    insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
    select org, e.budget_id, e.period_start, e.subject, e.spent, e.events, e.unpriced
    from e
    join public.budgets b on b.id = e.budget_id and b.org_id = org
    -- One order for every writer: concurrent batches lock ledger rows without deadlocks.
    order by e.budget_id, e.period_start, e.subject
    on conflict on constraint budget_ledgers_pkey do update set
      spent = l.spent + excluded.spent,
      event_count = l.event_count + excluded.event_count,
      unpriced_count = l.unpriced_count + excluded.unpriced_count,
      updated_at = now()
    returning l.budget_id, l.period_start, l.subject, l.spent
  )
  select w.budget_id, w.period_start, w.subject, w.spent - e.spent, w.spent
  from written w
  join e on e.budget_id = w.budget_id and e.period_start = w.period_start and e.subject = w.subject
$$;

-- Ingest with reservations (see 20261122060000): settles them, then adds the entries; returns
-- the ledger changes of the entries.
create function private.settle_and_add_to_ledgers(org uuid, reservation_ids uuid[], entries jsonb)
returns table (budget_id uuid, period_start timestamptz, subject text, spent_before numeric, spent numeric)
language plpgsql volatile security definer set search_path = '' as $$
declare
  r record;
begin
  insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject)
  select org, k.budget_id, k.period_start, k.subject
  from (
    select h.budget_id, h.period_start, h.subject
    from public.reservations s, pg_catalog.jsonb_to_recordset(s.holds) as h(budget_id uuid, period_start timestamptz, subject text)
    where s.org_id = org and s.id = any (reservation_ids) and s.status = 'held'
    union
    select e.budget_id, e.period_start, e.subject
    from pg_catalog.jsonb_to_recordset(entries) as e(budget_id uuid, period_start timestamptz, subject text)
  ) k
  join public.budgets b on b.id = k.budget_id and b.org_id = org
  order by k.budget_id, k.period_start, k.subject
  on conflict on constraint budget_ledgers_pkey do update set reserved = l.reserved;
  for r in select s.id from public.reservations s where s.org_id = org and s.id = any (reservation_ids) and s.status = 'held' order by s.id loop
    perform private.end_reservation(org, r.id, 'settled');
  end loop;
  return query select * from private.add_to_ledgers(org, entries);
end
$$;

revoke execute on function private.add_to_ledgers(uuid, jsonb), private.settle_and_add_to_ledgers(uuid, uuid[], jsonb) from public;
grant execute on function private.add_to_ledgers(uuid, jsonb), private.settle_and_add_to_ledgers(uuid, uuid[], jsonb) to service_role;

-- ===========================================================================================
-- Recording alerts and their notifications
-- ===========================================================================================

-- Asks the dispatch-notifications edge function to drain the outbox now. pg_net sends it after
-- commit; without the Vault secrets (a project not set up yet) the minute cron still drains it.
create function private.poke_dispatcher() returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  project_url text := (select s.decrypted_secret from vault.decrypted_secrets s where s.name = 'project_url');
  service_key text := (select s.decrypted_secret from vault.decrypted_secrets s where s.name = 'service_role_key');
begin
  if project_url is null or service_key is null then
    return;
  end if;
  perform net.http_post(
    url := project_url || '/functions/v1/dispatch-notifications',
    headers := pg_catalog.jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || service_key),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000);
end
$$;

-- The message payload of an alert notification (rendered by lib/core/alerts/render-*.ts).
create function private.alert_payload(a public.alerts, purpose text) returns jsonb
language sql stable security definer set search_path = '' as $$
  select pg_catalog.jsonb_build_object(
    'type', purpose,
    'org', pg_catalog.jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug),
    'alert', pg_catalog.jsonb_build_object(
      'id', a.id, 'kind', a.kind, 'severity', a.severity, 'subject', a.subject,
      'budget_id', a.budget_id, 'budget_name', b.name, 'budget_period', b.period ->> 'kind', 'budget_timezone', b.timezone,
      'period_start', case when pg_catalog.isfinite(a.period_start) then a.period_start end,
      'period_end', a.period_end, 'fired_at', a.fired_at, 'resolved_at', a.resolved_at,
      'resolved_reason', a.resolved_reason, 'facts', a.facts, 'resolved_facts', a.resolved_facts))
  from public.organizations o
  left join public.budgets b on b.id = a.budget_id
  where o.id = a.org_id
$$;

-- One outbox row per recipient of the alert's rule: its members (by their account email) and
-- its verified, enabled channels. Returns how many were written.
create function private.enqueue_alert_notifications(a public.alerts, purpose text) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  written integer;
  payload jsonb := private.alert_payload(a, purpose);
begin
  insert into public.notifications (org_id, alert_id, channel_id, user_id, purpose, channel, destination, payload)
  select a.org_id, a.id, null, m.user_id, purpose, 'email', u.email, payload
  from public.alert_rules r
  join public.memberships m on m.org_id = r.org_id and m.user_id = any (r.member_ids)
  join auth.users u on u.id = m.user_id
  where r.id = a.rule_id and u.email is not null
  union all
  select a.org_id, a.id, c.id, null, purpose, c.kind, c.destination, payload
  from public.alert_rules r
  join public.notification_channels c on c.org_id = r.org_id and c.id = any (r.channel_ids)
  where r.id = a.rule_id and c.verified_at is not null and c.disabled_at is null;
  get diagnostics written = row_count;
  return written;
end
$$;

-- Applies what the evaluators decided (lib/core/alerts/decide-alert.ts):
--   { "fire":    [{ rule_id, subject, period_start, period_end, facts, notify: "sent" | "muted" | "cooldown" }],
--     "resolve": [{ alert_id, reason, facts }] }
-- A fire that meets an unresolved alert of the same rule, subject and period is skipped (the
-- first writer won); notifications go out only for the alerts written here and only when
-- `notify` is "sent" (a resolve notifies when its alert did). Members see the change live
-- (Realtime topic org:<id>:alerts). Returns the ids of the alerts written or resolved.
create function private.record_alerts(org uuid, changes jsonb) returns setof uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  f record;
  a public.alerts;
  queued integer := 0;
  touched uuid[] := '{}';
  recipients integer;
begin
  for f in
    select x.rule_id, x.subject, x.period_start, x.period_end, x.facts, x.notify, r.kind, r.severity, r.budget_id
    from pg_catalog.jsonb_to_recordset(coalesce(changes -> 'fire', '[]')) as x(rule_id uuid, subject text, period_start timestamptz,
      period_end timestamptz, facts jsonb, notify text)
    join public.alert_rules r on r.id = x.rule_id and r.org_id = org
    order by x.rule_id, x.subject, x.period_start
  loop
    insert into public.alerts (org_id, rule_id, budget_id, kind, severity, subject, period_start, period_end, facts, delivery)
    values (org, f.rule_id, f.budget_id, f.kind, f.severity, coalesce(f.subject, ''), f.period_start, f.period_end,
      coalesce(f.facts, '{}'), f.notify)
    on conflict (rule_id, subject, period_start) where status <> 'resolved' do nothing
    returning * into a;
    if a.id is null then
      continue;
    end if;
    touched := touched || a.id;
    if f.notify = 'sent' then
      recipients := private.enqueue_alert_notifications(a, 'alert_fired');
      queued := queued + recipients;
      if recipients = 0 then
        update public.alerts set delivery = 'no_recipients' where id = a.id;
      end if;
    end if;
    a := null;
  end loop;

  for f in
    select x.alert_id, x.reason, x.facts
    from pg_catalog.jsonb_to_recordset(coalesce(changes -> 'resolve', '[]')) as x(alert_id uuid, reason text, facts jsonb)
    order by x.alert_id
  loop
    update public.alerts set status = 'resolved', resolved_at = pg_catalog.now(), resolved_reason = f.reason, resolved_facts = f.facts
    where id = f.alert_id and org_id = org and status <> 'resolved'
    returning * into a;
    if a.id is null then
      continue;
    end if;
    touched := touched || a.id;
    if a.delivery = 'sent' then
      queued := queued + private.enqueue_alert_notifications(a, 'alert_resolved');
    end if;
    a := null;
  end loop;

  if pg_catalog.cardinality(touched) > 0 then
    perform realtime.send(pg_catalog.jsonb_build_object('alert_ids', pg_catalog.to_jsonb(touched)), 'alerts_changed', 'org:' || org || ':alerts', true);
  end if;
  if queued > 0 then
    perform private.poke_dispatcher();
  end if;
  return query select pg_catalog.unnest(touched);
end
$$;

-- Alerts about a period resolve when it ends (every minute from pg_cron).
create function private.resolve_ended_alerts(as_of timestamptz default pg_catalog.now()) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  o record;
  resolved integer := 0;
begin
  for o in
    select a.org_id, pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('alert_id', a.id, 'reason', 'period_ended', 'facts', null)) as resolve
    from public.alerts a
    where a.status <> 'resolved' and a.period_end is not null and a.period_end <= as_of
    group by a.org_id
  loop
    resolved := resolved + (select count(*) from private.record_alerts(o.org_id, pg_catalog.jsonb_build_object('resolve', o.resolve)));
  end loop;
  return resolved;
end
$$;

-- Claims up to `batch` due notifications for one dispatcher run: pending ones whose time has
-- come and claimed ones whose lease ran out. Each claim counts as an attempt.
create function private.claim_notifications(batch integer, lease interval default interval '2 minutes')
returns setof public.notifications
language sql volatile security definer set search_path = '' as $$
  update public.notifications n
  set status = 'sending', attempts = n.attempts + 1, locked_until = pg_catalog.now() + lease
  where n.id in (
    select d.id from public.notifications d
    where (d.status = 'pending' and d.next_attempt_at <= pg_catalog.now())
       or (d.status = 'sending' and d.locked_until < pg_catalog.now())
    order by d.next_attempt_at
    limit batch
    for update skip locked)
  returning n.*
$$;

-- The weekly digest: one email per opted-in member of each organization, with last week's spend
-- against the week before, the top services and the budgets' state.
create function private.enqueue_weekly_digests(as_of timestamptz default pg_catalog.now()) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  written integer;
begin
  insert into public.notifications (org_id, user_id, purpose, channel, destination, payload)
  select m.org_id, m.user_id, 'digest', 'email', u.email, pg_catalog.jsonb_build_object(
    'type', 'digest',
    'org', pg_catalog.jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug),
    'currency', o.base_currency,
    'week_start', as_of - interval '7 days',
    'week_end', as_of,
    'spent', (select coalesce(sum(r.cost), 0)::text from public.spend_rollups r
              where r.org_id = o.id and r.bucket >= as_of - interval '7 days' and r.bucket < as_of),
    'previous_spent', (select coalesce(sum(r.cost), 0)::text from public.spend_rollups r
              where r.org_id = o.id and r.bucket >= as_of - interval '14 days' and r.bucket < as_of - interval '7 days'),
    'top_services', (select coalesce(pg_catalog.jsonb_agg(t order by t.cost desc), '[]') from (
              select r.service, sum(r.cost)::text as cost from public.spend_rollups r
              where r.org_id = o.id and r.bucket >= as_of - interval '7 days' and r.bucket < as_of
              group by r.service order by sum(r.cost) desc limit 5) t),
    'open_alerts', (select count(*) from public.alerts a where a.org_id = o.id and a.status <> 'resolved'))
  from public.memberships m
  join public.organizations o on o.id = m.org_id
  join auth.users u on u.id = m.user_id
  where m.weekly_digest and u.email is not null;
  get diagnostics written = row_count;
  if written > 0 then
    perform private.poke_dispatcher();
  end if;
  return written;
end
$$;

-- A member opts in or out of their own weekly digest.
create function private.set_weekly_digest(org uuid, enabled boolean) returns boolean
language sql volatile security definer set search_path = '' as $$
  update public.memberships set weekly_digest = enabled
  where org_id = org and user_id = (select auth.uid())
  returning true
$$;

revoke execute on function private.alert_rules_check(), private.alerts_acknowledge(), private.notification_channels_unlink(),
  private.budgets_default_alert_rules(), private.poke_dispatcher(), private.alert_payload(public.alerts, text),
  private.enqueue_alert_notifications(public.alerts, text), private.record_alerts(uuid, jsonb),
  private.resolve_ended_alerts(timestamptz), private.claim_notifications(integer, interval),
  private.enqueue_weekly_digests(timestamptz), private.set_weekly_digest(uuid, boolean) from public;
grant execute on function private.poke_dispatcher(), private.record_alerts(uuid, jsonb), private.resolve_ended_alerts(timestamptz),
  private.claim_notifications(integer, interval), private.enqueue_weekly_digests(timestamptz) to service_role;
grant execute on function private.set_weekly_digest(uuid, boolean) to authenticated;

-- ===========================================================================================
-- What the anomaly and health rules look at (detect-anomalies)
-- ===========================================================================================

-- Spend of a scope (a budget's filters) in windows of `width` ending at each of `ends`. Day-long
-- windows of a scope that only names rollup dimensions read the hourly rollups (ends must then
-- fall on the hour); anything else reads the raw events (kept for the retention).
create function private.scope_spend_windows(org uuid, scope jsonb, width interval, ends timestamptz[])
returns table (window_end timestamptz, spent numeric)
language sql stable security invoker set search_path = '' as $$
  select w.window_end,
    case when width >= interval '1 day'
      and (select pg_catalog.bool_and(k in ('service', 'model', 'team', 'project', 'environment')) from pg_catalog.jsonb_object_keys(scope) k) is not false
    then (
      select coalesce(sum(r.cost), 0) from public.spend_rollups r
      where r.org_id = org and r.bucket >= w.window_end - width and r.bucket < w.window_end
        and (scope ->> 'service' is null or r.service = scope ->> 'service')
        and (scope ->> 'model' is null or r.model = scope ->> 'model')
        and (scope ->> 'team' is null or r.team = scope ->> 'team')
        and (scope ->> 'project' is null or r.project = scope ->> 'project')
        and (scope ->> 'environment' is null or r.environment = scope ->> 'environment'))
    else (
      select coalesce(sum(e.cost), 0) from public.usage_events e
      where e.org_id = org and e.occurred_at >= w.window_end - width and e.occurred_at < w.window_end
        and (scope ->> 'service' is null or e.service = scope ->> 'service')
        and (scope ->> 'model' is null or e.model = scope ->> 'model')
        and (scope ->> 'team' is null or e.team = scope ->> 'team')
        and (scope ->> 'project' is null or e.project = scope ->> 'project')
        and (scope ->> 'environment' is null or e.environment = scope ->> 'environment')
        and (scope ->> 'end_user' is null or e.end_user = scope ->> 'end_user')
        and (scope ->> 'feature' is null or e.feature = scope ->> 'feature')
        and e.tags @> coalesce(scope -> 'tags', '{}'::jsonb))
    end
  from pg_catalog.unnest(ends) as w(window_end)
$$;

-- Requests, errors and p95 latency of one service in [since, until), from the raw events.
create function private.service_health(org uuid, svc text, since timestamptz, until timestamptz)
returns table (requests bigint, errors bigint, p95_latency_ms double precision)
language sql stable security invoker set search_path = '' as $$
  select count(*), count(*) filter (where e.status = 'error'),
    pg_catalog.percentile_cont(0.95) within group (order by e.latency_ms)
  from public.usage_events e
  where e.org_id = org and e.service = svc and e.occurred_at >= since and e.occurred_at < until
$$;

revoke execute on function private.scope_spend_windows(uuid, jsonb, interval, timestamptz[]),
  private.service_health(uuid, text, timestamptz, timestamptz) from public;
grant execute on function private.scope_spend_windows(uuid, jsonb, interval, timestamptz[]),
  private.service_health(uuid, text, timestamptz, timestamptz) to service_role;

-- ===========================================================================================
-- Schedules
-- ===========================================================================================

select cron.schedule('resolve-ended-alerts', '* * * * *', $$ select private.resolve_ended_alerts() $$);
-- Mondays 08:00 UTC.
select cron.schedule('weekly-digest', '0 8 * * 1', $$ select private.enqueue_weekly_digests() $$);

-- The outbox is drained every minute whatever the pokes did (a poke lost to a restart, retries
-- whose time has come).
select cron.schedule('dispatch-notifications', '* * * * *', $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/dispatch-notifications',
    headers := pg_catalog.jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000)
$$);

select cron.schedule('detect-anomalies', '*/5 * * * *', $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/detect-anomalies',
    headers := pg_catalog.jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000)
$$);
