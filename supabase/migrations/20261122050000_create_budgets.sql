-- Budgets and their ledgers (DESIGN §3, §4; issue 5 §1–§2).
--
--   * public.budgets: an amount in the organization's base currency per period (lib/core/budgets/
--     periods.ts: daily … yearly, custom, lifetime) in the budget's own time zone, a scope of
--     exact-match filters (lib/core/budgets/scope.ts), optionally per subject (one ledger per
--     end user, team…), optionally nested under a parent, rollover of unused amount (with an
--     optional cap), and enforcement soft | hard | approval.
--   * public.budget_ledgers: spent per budget, period start and subject, kept exact by ingest in
--     the same transaction as the events (the app computes each event's ledger keys with the
--     budgets read under the pricing lock; a late event counts in its own past period), by
--     repricing (the cost difference), and rebuilt from stored events when a budget's scope,
--     period or time zone changes (private.rebuild_budget_ledgers).
--   * Nesting: a child has its parent's period and time zone, and the children of a parent never
--     add up to more than it (checked with the parent row locked, so concurrent edits cannot
--     together overflow it: SG050 names the overflow); no cycles (SG051).
--   * Changing a budget takes the organization's pricing lock exclusively, like prices do, so no
--     ingest batch counts with a stale list of budgets.
-- Errors the app maps to messages: SG050 (allocations exceed the parent), SG051 (nesting cycle or
-- mismatched period), SG052 (currency is not the base currency).

create table public.budgets (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null constraint budgets_name_length check (char_length(btrim(name)) between 1 and 100),
  amount numeric not null constraint budgets_amount_range check (amount > 0 and amount < 1e12),
  currency text not null constraint budgets_currency_format check (currency ~ '^[A-Z]{3}$'),
  -- Validated by the app (budgetPeriodSchema); the kind is checked here too.
  period jsonb not null constraint budgets_period_kind check (
    period ->> 'kind' in ('daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'custom', 'lifetime')),
  timezone text not null constraint budgets_timezone_valid check (private.is_valid_timezone(timezone)),
  scope jsonb not null default '{}' constraint budgets_scope_object check (pg_catalog.jsonb_typeof(scope) = 'object'),
  per text constraint budgets_per_dimension check (per in ('service', 'model', 'team', 'project', 'environment', 'end_user', 'feature')),
  parent_id uuid references public.budgets (id) on delete restrict,
  rollover boolean not null default false,
  rollover_cap numeric constraint budgets_rollover_cap_non_negative check (rollover_cap >= 0),
  enforcement text not null default 'soft' constraint budgets_enforcement_valid check (enforcement in ('soft', 'hard', 'approval')),
  warn_at_percent numeric not null default 80 constraint budgets_warn_at_range check (warn_at_percent > 0 and warn_at_percent <= 100),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint budgets_rollover_cap_needs_rollover check (rollover_cap is null or rollover)
);
create index budgets_org_id_idx on public.budgets (org_id, created_at);
create index budgets_parent_id_idx on public.budgets (parent_id) where parent_id is not null;
comment on table public.budgets is 'Spend limits per period and scope; see lib/core/budgets for periods and scopes.';

create table public.budget_ledgers (
  org_id uuid not null references public.organizations (id) on delete cascade,
  budget_id uuid not null references public.budgets (id) on delete cascade,
  -- The period's first instant; -infinity for a lifetime budget without a start date.
  period_start timestamptz not null,
  -- '' for a plain budget; the subject's value for a per-subject one.
  subject text not null default '',
  spent numeric not null default 0,
  event_count bigint not null default 0,
  unpriced_count bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint budget_ledgers_pkey primary key (budget_id, period_start, subject)
);
create index budget_ledgers_org_id_idx on public.budget_ledgers (org_id, budget_id);
comment on table public.budget_ledgers is 'Spent per budget, period and subject; maintained by ingest, repricing and rebuilds only.';

alter table public.budgets enable row level security;
alter table public.budget_ledgers enable row level security;

create policy budgets_select_members on public.budgets for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy budgets_insert_admins on public.budgets for insert to authenticated
  with check (private.has_role(org_id, 'admin'));
create policy budgets_update_admins on public.budgets for update to authenticated
  using (private.has_role(org_id, 'admin')) with check (private.has_role(org_id, 'admin'));
create policy budgets_delete_admins on public.budgets for delete to authenticated
  using (private.has_role(org_id, 'admin'));
create policy budget_ledgers_select_members on public.budget_ledgers for select to authenticated
  using (private.has_role(org_id, 'viewer'));

grant select, insert, delete on public.budgets to authenticated, service_role;
grant update (name, amount, period, timezone, scope, per, parent_id, rollover, rollover_cap, enforcement, warn_at_percent)
  on public.budgets to authenticated, service_role;
grant select on public.budget_ledgers to authenticated, service_role;

-- Budgets are in the base currency: every ledger adds base-currency costs.
create function private.budgets_check() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  parent public.budgets;
  allocated numeric;
  ancestor uuid;
  depth integer := 0;
begin
  if not exists (select 1 from public.organizations o where o.id = new.org_id and o.base_currency = new.currency) then
    raise exception 'A budget is in the organization''s base currency' using errcode = 'SG052';
  end if;
  if new.parent_id is null then
    return new;
  end if;
  -- Locked, so two children saved at once are checked one after the other.
  select * into parent from public.budgets b where b.id = new.parent_id and b.org_id = new.org_id for update;
  if not found then
    raise exception 'The parent budget does not exist' using errcode = 'SG051';
  end if;
  if parent.period <> new.period or parent.timezone <> new.timezone or parent.per is distinct from new.per then
    raise exception 'A child budget has its parent''s period, time zone and subject'
      using errcode = 'SG051', detail = format('parent: %s in %s', parent.period ->> 'kind', parent.timezone);
  end if;
  ancestor := new.parent_id;
  while ancestor is not null and depth < 100 loop
    if ancestor = new.id then
      raise exception 'Budgets cannot be nested in a circle' using errcode = 'SG051';
    end if;
    select b.parent_id into ancestor from public.budgets b where b.id = ancestor;
    depth := depth + 1;
  end loop;
  select coalesce(sum(b.amount), 0) into allocated from public.budgets b where b.parent_id = new.parent_id and b.id <> new.id;
  if allocated + new.amount > parent.amount then
    raise exception 'Child budgets would exceed their parent'
      using errcode = 'SG050',
        detail = format('"%s" has %s; its children would have %s (%s already allocated + %s), %s over',
          parent.name, parent.amount, allocated + new.amount, allocated, new.amount, allocated + new.amount - parent.amount);
  end if;
  return new;
end
$$;

-- A parent cannot shrink below what its children hold.
create function private.budgets_keep_allocations() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  allocated numeric;
begin
  select coalesce(sum(b.amount), 0) into allocated from public.budgets b where b.parent_id = new.id;
  if allocated > new.amount then
    raise exception 'Child budgets would exceed their parent'
      using errcode = 'SG050',
        detail = format('"%s" would have %s; its children hold %s, %s over', new.name, new.amount, allocated, allocated - new.amount);
  end if;
  return new;
end
$$;

create trigger budgets_check before insert or update on public.budgets
  for each row execute function private.budgets_check();
create trigger budgets_keep_allocations before update of amount on public.budgets
  for each row execute function private.budgets_keep_allocations();
create trigger budgets_lock_pricing before insert or update or delete on public.budgets
  for each row execute function private.lock_pricing_exclusive();
create trigger budgets_touch_updated_at before update on public.budgets
  for each row execute function private.touch_updated_at();
create trigger budgets_org_id_immutable before update on public.budgets
  for each row execute function private.forbid_tenant_change('org_id');
create trigger budget_ledgers_org_id_immutable before update on public.budget_ledgers
  for each row execute function private.forbid_tenant_change('org_id');
create trigger budgets_audit after insert or update or delete on public.budgets
  for each row execute function private.audit_change('budget');

-- ===========================================================================================
-- Ledgers: written by the app's ingest and repricing transactions, rebuilt on budget changes
-- ===========================================================================================

-- Adds amounts to ledgers: [{ budget_id, period_start, subject, spent, events, unpriced }, …]
-- (spent may be negative: a repricing difference). Budgets of other organizations are ignored.
create function private.add_to_ledgers(org uuid, entries jsonb) returns void
language sql volatile security definer set search_path = '' as $$
  insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select org, e.budget_id, e.period_start, e.subject, e.spent, coalesce(e.events, 0), coalesce(e.unpriced, 0)
  from pg_catalog.jsonb_to_recordset(entries) as e(budget_id uuid, period_start timestamptz, subject text, spent numeric,
    events bigint, unpriced bigint)
  join public.budgets b on b.id = e.budget_id and b.org_id = org
  -- One order for every writer: concurrent batches lock ledger rows without deadlocks.
  order by e.budget_id, e.period_start, e.subject
  on conflict on constraint budget_ledgers_pkey do update set
    spent = l.spent + excluded.spent,
    event_count = l.event_count + excluded.event_count,
    unpriced_count = l.unpriced_count + excluded.unpriced_count,
    updated_at = now()
$$;

-- Recomputes one budget's ledgers from the stored events: `bounds` are the starts of consecutive
-- periods followed by the end of the last (ascending; -infinity / infinity for open ends). Events
-- before the first bound or from the last on are outside every period. Rollups cannot do this
-- (no end_user, feature or tags), so the raw events — kept for the retention — are the source.
-- Holds the organization's pricing lock exclusively, so no ingest batch adds to these ledgers
-- while they are rebuilt (batches wait; a rebuild reads only this budget's scope).
create function private.rebuild_budget_ledgers(org uuid, budget uuid, bounds timestamptz[]) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  b public.budgets;
  written integer;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('pricing:' || org::text, 0));
  select * into b from public.budgets where id = budget and org_id = org for update;
  if not found then
    return 0;
  end if;
  -- Counts are recomputed; anything else a ledger row holds (reservations' holds) is kept.
  update public.budget_ledgers l set spent = 0, event_count = 0, unpriced_count = 0, updated_at = now() where l.budget_id = budget;
  insert into public.budget_ledgers as l (org_id, budget_id, period_start, subject, spent, event_count, unpriced_count)
  select org, budget, bounds[k.bucket], k.subject, coalesce(sum(k.cost), 0), count(*), count(*) filter (where k.pricing_status = 'unpriced')
  from (
    select pg_catalog.width_bucket(e.occurred_at, bounds) as bucket, e.cost, e.pricing_status,
      case b.per
        when 'service' then e.service when 'model' then e.model when 'team' then e.team when 'project' then e.project
        when 'environment' then e.environment when 'end_user' then e.end_user when 'feature' then e.feature
        else '' end as subject
    from public.usage_events e
    where e.org_id = org
      and e.occurred_at >= bounds[1] and e.occurred_at < bounds[pg_catalog.cardinality(bounds)]
      and (b.scope ->> 'service' is null or e.service = b.scope ->> 'service')
      and (b.scope ->> 'model' is null or e.model = b.scope ->> 'model')
      and (b.scope ->> 'team' is null or e.team = b.scope ->> 'team')
      and (b.scope ->> 'project' is null or e.project = b.scope ->> 'project')
      and (b.scope ->> 'environment' is null or e.environment = b.scope ->> 'environment')
      and (b.scope ->> 'end_user' is null or e.end_user = b.scope ->> 'end_user')
      and (b.scope ->> 'feature' is null or e.feature = b.scope ->> 'feature')
      and e.tags @> coalesce(b.scope -> 'tags', '{}'::jsonb)
  ) k
  where b.per is null or (k.subject is not null and k.subject <> '')
  group by k.bucket, k.subject
  on conflict on constraint budget_ledgers_pkey do update set
    spent = excluded.spent, event_count = excluded.event_count, unpriced_count = excluded.unpriced_count, updated_at = now();
  get diagnostics written = row_count;
  return written;
end
$$;

revoke execute on function private.budgets_check(), private.budgets_keep_allocations(), private.add_to_ledgers(uuid, jsonb),
  private.rebuild_budget_ledgers(uuid, uuid, timestamptz[]) from public;
grant execute on function private.add_to_ledgers(uuid, jsonb), private.rebuild_budget_ledgers(uuid, uuid, timestamptz[]) to service_role;
