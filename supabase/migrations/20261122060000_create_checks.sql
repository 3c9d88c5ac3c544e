-- Pre-spend checks, reservations and approvals (DESIGN §4 "Pre-spend check"; issue 5 §5–§6).
--
--   * budget_ledgers.reserved: what held reservations keep from each ledger's remaining amount
--     (remaining = effective amount − spent − reserved).
--   * public.reservations: one row per check that holds money, waits for an approval, or carries
--     an idempotency key (so a retry with the same key gets the same answer and no second hold).
--     A held reservation is settled by the ingested event that names it, released by the caller,
--     or expired by the cron job below; each releases its hold in the same transaction.
--   * public.approvals: requests to exceed an "approval" budget, decided by admins (an update
--     policy with column grants; a trigger checks the transition, stamps who decided, and turns
--     the waiting reservation into a hold). Audited.
--
-- The decision itself is made by the app (lib/core/checks/decide.ts) inside ONE transaction
-- (lib/services/checks/check-spend.ts): private.lock_check_ledgers locks the ledger rows of the
-- current periods (creating missing ones) in one fixed order, the app decides from the locked
-- spent/reserved values, and private.record_check writes the reservation, the approval and the
-- hold before the transaction commits — so concurrent checks see each other's holds and can never
-- together admit more than a hard budget's remaining amount.
--
-- Lock order everywhere: ledger rows by (budget_id, period_start, subject), as add_to_ledgers.
-- A ledger rebuild (private.rebuild_budget_ledgers) recreates rows with reserved = 0: holds on a
-- rebuilt budget are forgotten (never negative: releases floor at 0).

alter table public.budget_ledgers
  add column reserved numeric not null default 0 constraint budget_ledgers_reserved_non_negative check (reserved >= 0);

create table public.approvals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- The check as sent (dimensions, estimate) and the budgets it would exceed, with their remaining amounts.
  request jsonb not null,
  -- Null when the estimate could not be priced.
  amount numeric constraint approvals_amount_non_negative check (amount >= 0),
  budgets jsonb not null default '[]',
  status text not null default 'pending' constraint approvals_status_valid check (status in ('pending', 'approved', 'denied', 'expired')),
  reason text constraint approvals_reason_length check (char_length(reason) <= 500),
  requested_by uuid references public.api_keys (id) on delete set null,
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index approvals_org_status_idx on public.approvals (org_id, status, created_at desc);
create index approvals_expiry_idx on public.approvals (expires_at) where status = 'pending';
comment on table public.approvals is 'Requests to exceed an approval-enforced budget; admins approve or deny them.';

create table public.reservations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  idempotency_key text constraint reservations_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  amount numeric not null constraint reservations_amount_non_negative check (amount >= 0),
  -- held: on the ledgers; awaiting_approval: held once its approval is granted; not_held: the
  -- answer only (no reserve asked, or denied), kept for the idempotency key.
  status text not null constraint reservations_status_valid
    check (status in ('held', 'awaiting_approval', 'not_held', 'settled', 'released', 'expired')),
  ttl_seconds integer constraint reservations_ttl_range check (ttl_seconds between 1 and 86400),
  expires_at timestamptz,
  request jsonb not null,
  decision text not null constraint reservations_decision_valid check (decision in ('allow', 'warn', 'deny', 'require_approval')),
  answer jsonb not null,
  -- The ledger rows held on: [{ budget_id, period_start, subject }].
  holds jsonb not null default '[]',
  api_key_id uuid references public.api_keys (id) on delete set null,
  approval_id uuid references public.approvals (id) on delete set null,
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  constraint reservations_idempotency_key unique (org_id, idempotency_key)
);
create index reservations_expiry_idx on public.reservations (expires_at) where status = 'held';
create index reservations_approval_idx on public.reservations (approval_id) where approval_id is not null;
comment on table public.reservations is 'Pre-spend checks that hold money on budget ledgers (or wait for approval, or keep an idempotent answer).';

alter table public.approvals enable row level security;
alter table public.reservations enable row level security;

create policy approvals_select_members on public.approvals for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy approvals_update_admins on public.approvals for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy reservations_select_members on public.reservations for select to authenticated
  using (private.has_role(org_id, 'viewer'));

grant select on public.approvals, public.reservations to authenticated, service_role;
grant update (status, reason) on public.approvals to authenticated;

create trigger approvals_org_id_immutable before update on public.approvals
  for each row execute function private.forbid_tenant_change('org_id');
create trigger reservations_org_id_immutable before update on public.reservations
  for each row execute function private.forbid_tenant_change('org_id');
create trigger approvals_audit after insert or update or delete on public.approvals
  for each row execute function private.audit_change('approval');

-- ===========================================================================================
-- Holds on ledgers
-- ===========================================================================================

-- Locks ledger rows [{ budget_id, period_start, subject }] in the one order. Every path that
-- ends or moves a hold calls this before locking the reservation row, so all take ledger rows
-- first, then reservations.
create function private.lock_holds(org uuid, holds jsonb) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  -- PERFORM runs the query to its end, so every row is locked (a SQL function could stop at one).
  perform 1 from public.budget_ledgers l
  join pg_catalog.jsonb_to_recordset(holds) as h(budget_id uuid, period_start timestamptz, subject text)
    on l.budget_id = h.budget_id and l.period_start = h.period_start and l.subject = h.subject
  where l.org_id = org
  order by l.budget_id, l.period_start, l.subject
  for update of l;
end
$$;

-- Adds `amount` to (or, negative, takes it from) `reserved` on the given ledger rows, locking
-- them first in the one order (an UPDATE … FROM a join follows no order). Taking never goes
-- below 0 (a rebuilt ledger forgot its holds).
create function private.shift_reserved(org uuid, holds jsonb, amount numeric) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  perform private.lock_holds(org, holds);
  update public.budget_ledgers l set reserved = greatest(l.reserved + amount, 0), updated_at = now()
  from pg_catalog.jsonb_to_recordset(holds) as h(budget_id uuid, period_start timestamptz, subject text)
  where l.org_id = org and l.budget_id = h.budget_id and l.period_start = h.period_start and l.subject = h.subject;
end
$$;

-- Locks the ledger rows a check reads: [{ budget_id, period_start, subject }] of the current
-- periods. One ordered upsert creates the missing rows (spent 0) and locks the existing ones in the
-- fixed order (a no-op update takes the row lock), exactly as add_to_ledgers does, so a check and
-- an ingest batch that both create rows of a new period cannot deadlock; the select returns them.
create function private.lock_check_ledgers(org uuid, keys jsonb)
returns table (budget_id uuid, period_start timestamptz, subject text, spent numeric, reserved numeric)
language plpgsql volatile security definer set search_path = '' as $$
begin
  insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject)
  select org, k.budget_id, k.period_start, k.subject
  from pg_catalog.jsonb_to_recordset(keys) as k(budget_id uuid, period_start timestamptz, subject text)
  join public.budgets b on b.id = k.budget_id and b.org_id = org
  order by k.budget_id, k.period_start, k.subject
  on conflict on constraint budget_ledgers_pkey do update set reserved = l.reserved;
  return query
    select l.budget_id, l.period_start, l.subject, l.spent, l.reserved
    from public.budget_ledgers l
    join pg_catalog.jsonb_to_recordset(keys) as k(budget_id uuid, period_start timestamptz, subject text)
      on l.budget_id = k.budget_id and l.period_start = k.period_start and l.subject = k.subject
    where l.org_id = org
    order by l.budget_id, l.period_start, l.subject
    for update of l;
end
$$;

-- Writes what a check decided, in the check's transaction (ledger rows already locked):
-- `check` = { idempotency_key, amount, status (null: no reservation row), ttl_seconds, request,
-- decision, answer, holds, api_key_id, approval: null | { budgets, expires_in_seconds } }.
-- Returns { reservation_id, expires_at, approval_id, approval_expires_at }.
create function private.record_check(org uuid, "check" jsonb) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  approval uuid;
  approval_expiry timestamptz;
  reservation uuid;
  expiry timestamptz;
  status text := "check" ->> 'status';
begin
  if "check" -> 'approval' is not null and pg_catalog.jsonb_typeof("check" -> 'approval') = 'object' then
    approval_expiry := now() + pg_catalog.make_interval(secs => ("check" -> 'approval' ->> 'expires_in_seconds')::integer);
    insert into public.approvals (org_id, request, amount, budgets, requested_by, expires_at)
    values (org, "check" -> 'request', ("check" ->> 'amount')::numeric, "check" -> 'approval' -> 'budgets',
      ("check" ->> 'api_key_id')::uuid, approval_expiry)
    returning id into approval;
  end if;
  if status is null then
    return pg_catalog.jsonb_build_object('reservation_id', null, 'expires_at', null, 'approval_id', approval,
      'approval_expires_at', approval_expiry);
  end if;
  expiry := case
    when status = 'held' then now() + pg_catalog.make_interval(secs => ("check" ->> 'ttl_seconds')::integer)
    when status = 'awaiting_approval' then approval_expiry
  end;
  insert into public.reservations (org_id, idempotency_key, amount, status, ttl_seconds, expires_at, request, decision, answer,
    holds, api_key_id, approval_id)
  values (org, "check" ->> 'idempotency_key', ("check" ->> 'amount')::numeric, status, ("check" ->> 'ttl_seconds')::integer,
    expiry, "check" -> 'request', "check" ->> 'decision', "check" -> 'answer', coalesce("check" -> 'holds', '[]'),
    ("check" ->> 'api_key_id')::uuid, approval)
  returning id into reservation;
  if status = 'held' then
    perform private.shift_reserved(org, "check" -> 'holds', ("check" ->> 'amount')::numeric);
  end if;
  return pg_catalog.jsonb_build_object('reservation_id', reservation, 'expires_at', expiry, 'approval_id', approval,
    'approval_expires_at', approval_expiry);
end
$$;

-- Ends a held (or waiting) reservation of `org`: `to` is settled | released | expired. Returns
-- whether it was ended by this call (false: unknown, another organization's, or already ended).
create function private.end_reservation(org uuid, reservation uuid, "to" text) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  r public.reservations;
begin
  -- Ledger rows first, then the reservation: the order settlement and expiry take them in, so a
  -- release racing the settling event waits instead of deadlocking. The status is read again
  -- under the reservation's lock.
  select * into r from public.reservations where id = reservation and org_id = org;
  if not found then
    return false;
  end if;
  perform private.lock_holds(org, r.holds);
  select * into r from public.reservations where id = reservation and org_id = org and status in ('held', 'awaiting_approval') for update;
  if not found then
    return false;
  end if;
  if r.status = 'held' then
    perform private.shift_reserved(org, r.holds, -r.amount);
  end if;
  update public.reservations set status = "to", settled_at = case when "to" = 'settled' then now() end where id = reservation;
  return true;
end
$$;

-- Ingest: the events that name a reservation settle it (the event's cost reaches `spent` through
-- add_to_ledgers in the same call). The ledger rows of both are locked first, in the one order,
-- so a concurrent check never deadlocks with a batch. Unknown, foreign or already ended ids are
-- ignored (the events are stored anyway). Returns the ids settled.
create function private.settle_and_add_to_ledgers(org uuid, reservation_ids uuid[], entries jsonb) returns setof uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  r record;
begin
  -- One ordered upsert over both sets of rows: creates the event's new ledger rows (filled by
  -- add_to_ledgers below) and locks the existing ones, in the order checks lock them.
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
    if private.end_reservation(org, r.id, 'settled') then
      return next r.id;
    end if;
  end loop;
  perform private.add_to_ledgers(org, entries);
end
$$;

-- ===========================================================================================
-- Approvals: decided by admins through the update policy
-- ===========================================================================================

-- Only pending → approved | denied, by a person; stamps who and when. Approving turns the
-- waiting reservation into a hold (the admin accepted exceeding the budget), with the TTL the
-- caller asked for from now; denying or expiring ends it.
create function private.approvals_decide() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  r public.reservations;
begin
  if new.status = old.status and new.reason is not distinct from old.reason then
    return new;
  end if;
  if old.status <> 'pending' then
    raise exception 'This request was already decided' using errcode = 'SG060';
  end if;
  if new.status not in ('approved', 'denied', 'expired') then
    raise exception 'A request is approved or denied' using errcode = 'SG061';
  end if;
  if new.status = 'expired' and auth.uid() is not null then
    raise exception 'A request is approved or denied' using errcode = 'SG061';
  end if;
  if new.status in ('approved', 'denied') and old.expires_at <= now() then
    raise exception 'This request has expired' using errcode = 'SG062';
  end if;
  new.decided_by := auth.uid();
  new.decided_at := now();
  for r in select * from public.reservations where approval_id = new.id and status = 'awaiting_approval' loop
    -- Ledger rows before the reservation row, as everywhere; then read it again under its lock.
    perform private.lock_holds(new.org_id, r.holds);
    select * into r from public.reservations where id = r.id and status = 'awaiting_approval' for update;
    if not found then
      continue;
    end if;
    if new.status = 'approved' then
      perform private.shift_reserved(new.org_id, r.holds, r.amount);
      update public.reservations set status = 'held', expires_at = now() + pg_catalog.make_interval(secs => coalesce(r.ttl_seconds, 3600))
      where id = r.id;
    else
      update public.reservations set status = case when new.status = 'expired' then 'expired' else 'released' end where id = r.id;
    end if;
  end loop;
  return new;
end
$$;

create trigger approvals_decide before update on public.approvals
  for each row execute function private.approvals_decide();

-- ===========================================================================================
-- Expiry: every 30 seconds
-- ===========================================================================================

-- Held reservations past their expiry release their holds; pending approvals past theirs expire
-- (and their waiting reservations with them). Returns how many reservations and approvals ended.
create function private.expire_checks() returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  r record;
  ended integer := 0;
begin
  -- Lock every affected ledger row first, in the one order, as checks do.
  perform 1 from public.budget_ledgers l
  where (l.budget_id, l.period_start, l.subject) in (
    select h.budget_id, h.period_start, h.subject
    from public.reservations s, pg_catalog.jsonb_to_recordset(s.holds) as h(budget_id uuid, period_start timestamptz, subject text)
    where s.status = 'held' and s.expires_at <= now())
  order by l.budget_id, l.period_start, l.subject
  for update;
  for r in select s.id, s.org_id from public.reservations s where s.status = 'held' and s.expires_at <= now() order by s.id loop
    if private.end_reservation(r.org_id, r.id, 'expired') then
      ended := ended + 1;
    end if;
  end loop;
  update public.approvals set status = 'expired' where status = 'pending' and expires_at <= now();
  return ended;
end
$$;

-- Who is emailed when a request waits: the organization's admins and owners.
create function private.approver_emails(org uuid) returns setof text
language sql stable security definer set search_path = '' as $$
  select u.email::text from public.memberships m join auth.users u on u.id = m.user_id
  where m.org_id = org and m.role >= 'admin' and u.email is not null
  order by u.email
$$;

revoke execute on function private.approver_emails(uuid), private.lock_holds(uuid, jsonb), private.shift_reserved(uuid, jsonb, numeric), private.lock_check_ledgers(uuid, jsonb),
  private.record_check(uuid, jsonb), private.end_reservation(uuid, uuid, text),
  private.settle_and_add_to_ledgers(uuid, uuid[], jsonb), private.approvals_decide(), private.expire_checks() from public;
grant execute on function private.approver_emails(uuid), private.lock_check_ledgers(uuid, jsonb), private.record_check(uuid, jsonb),
  private.end_reservation(uuid, uuid, text), private.settle_and_add_to_ledgers(uuid, uuid[], jsonb), private.expire_checks()
  to service_role;

select cron.schedule('expire-checks', '30 seconds', $$ select private.expire_checks() $$);

-- A budget with pending approval requests stays until they are decided: deleting it would leave
-- requests that name a budget nobody can find. Not while the whole organization is being deleted.
create function private.budgets_keep_pending_approvals() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.organizations o where o.id = old.org_id)
     and exists (select 1 from public.approvals a
                 where a.org_id = old.org_id and a.status = 'pending'
                   and a.budgets @> pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('budget_id', old.id))) then
    raise exception 'This budget has pending approval requests' using errcode = 'SG053', hint = 'Approve or deny them first.';
  end if;
  return old;
end
$$;
create trigger budgets_keep_pending_approvals before delete on public.budgets
  for each row execute function private.budgets_keep_pending_approvals();
revoke execute on function private.budgets_keep_pending_approvals() from public;
