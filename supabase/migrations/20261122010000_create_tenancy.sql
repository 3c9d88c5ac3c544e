-- Tenancy: organizations, memberships, invitations and the audit log.
--
-- Rules enforced here, not only in the app:
--   * viewers read; members change operational data; admins manage members, invitations and
--     settings; only owners make, unmake or remove owners, and delete the organization;
--   * an organization always keeps at least one owner;
--   * users join only by creating an organization or accepting an invitation, never by another
--     user adding them; an invitation's history only moves forward (accepted or revoked is final)
--     and who invited, revoked or accepted is not editable;
--   * org_id never changes; the audit log is append-only and written by triggers in the same
--     transaction as the change it records.
-- Errors the app maps to messages carry their own SQLSTATE (class SG).

create type public.org_role as enum ('viewer', 'member', 'admin', 'owner');
comment on type public.org_role is 'Ordered from least to most power: viewer < member < admin < owner.';

-- ===========================================================================================
-- Validation helpers
-- ===========================================================================================

-- IANA names only, spelled exactly as the tz database does. `at time zone` also takes POSIX
-- strings ('+05' is UTC-5 there, UTC+5 in JavaScript) and any letter case, so the app and the
-- database would disagree on the same stored value. 'Factory' is a tzdata placeholder, not a zone.
create function private.is_valid_timezone(tz text) returns boolean
language sql stable set search_path = '' as $$
  select tz <> 'Factory' and exists (select 1 from pg_catalog.pg_timezone_names z where z.name = tz)
$$;

-- Top-level app paths an organization slug would shadow (tenant routes are /<slug>/…).
create function private.is_reserved_slug(slug text) returns boolean
language sql immutable set search_path = '' as $$
  select slug = any (array[
    'account', 'admin', 'api', 'app', 'auth', 'dev', 'docs', 'forgot-password', 'help', 'invite',
    'invitations', 'login', 'logout', 'magic-link', 'new', 'onboarding', 'orgs', 'pricing',
    'reset-password', 'settings', 'signup', 'static', 'status', 'support', 'www'
  ])
$$;

-- ===========================================================================================
-- Tables
-- ===========================================================================================

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  slug text not null
    constraint organizations_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$')
    constraint organizations_slug_not_reserved check (not private.is_reserved_slug(slug)),
  base_currency text not null default 'USD' check (base_currency ~ '^[A-Z]{3}$'),
  timezone text not null default 'UTC' check (private.is_valid_timezone(timezone)),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organizations_slug_key unique (slug)
);
comment on table public.organizations is 'A tenant. Everything else belongs to exactly one organization.';
comment on column public.organizations.slug is 'URL name (/<slug>/…): lowercase letters, digits and inner hyphens, unique.';
comment on column public.organizations.base_currency is 'ISO 4217 code all spend is converted to and reported in.';
comment on column public.organizations.timezone is 'IANA zone for days, periods and reports.';

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.org_role not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id);
comment on table public.memberships is 'Who belongs to which organization, with which role.';

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.org_role not null,
  token_hash text not null constraint invitations_token_hash_key unique,
  invited_by uuid default auth.uid() references auth.users (id) on delete set null,
  expires_at timestamptz not null,
  last_sent_at timestamptz not null default now(),
  send_count integer not null default 1 check (send_count > 0),
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invitations_accepted_or_revoked check (accepted_at is null or revoked_at is null)
);
create unique index invitations_pending_email_key on public.invitations (org_id, email)
  where accepted_at is null and revoked_at is null;
create index invitations_org_id_created_at_idx on public.invitations (org_id, created_at desc);
comment on table public.invitations is 'Invitations by email; the token is only in the email, stored here as its SHA-256.';
comment on column public.invitations.token_hash is 'hex(sha256(token)). A leaked row cannot be used to accept.';

create table public.audit_log (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  actor_label text,
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb
);
create index audit_log_org_id_at_idx on public.audit_log (org_id, at desc, id desc);
create index audit_log_org_id_actor_idx on public.audit_log (org_id, actor_id, at desc);
create index audit_log_org_id_action_idx on public.audit_log (org_id, action, at desc);
comment on table public.audit_log is 'Append-only record of every change to tenant configuration, written by triggers.';
comment on column public.audit_log.actor_label is 'The actor as shown at the time (e.g. email), kept if the user is later deleted.';

-- ===========================================================================================
-- RLS helpers (security definer: they read memberships without recursing into its policies)
-- ===========================================================================================

create function private.user_org_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.memberships m where m.user_id = (select auth.uid())
$$;

create function private.org_role(org uuid) returns public.org_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.memberships m where m.org_id = org and m.user_id = (select auth.uid())
$$;

create function private.has_role(org uuid, at_least public.org_role) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(private.org_role(org) >= at_least, false)
$$;

-- Admins manage members, but a row that is (or becomes) an owner needs an owner.
create function private.can_manage_member(org uuid, member_role public.org_role) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_role(org, 'admin') and (member_role <> 'owner' or private.has_role(org, 'owner'))
$$;

revoke execute on function private.user_org_ids(), private.org_role(uuid), private.has_role(uuid, public.org_role),
  private.can_manage_member(uuid, public.org_role), private.is_valid_timezone(text), private.is_reserved_slug(text) from public;
grant execute on function private.user_org_ids(), private.org_role(uuid), private.has_role(uuid, public.org_role),
  private.can_manage_member(uuid, public.org_role), private.is_valid_timezone(text), private.is_reserved_slug(text)
  to authenticated, service_role;

-- ===========================================================================================
-- Row level security: one policy per command, to authenticated only
-- ===========================================================================================

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.invitations enable row level security;
alter table public.audit_log enable row level security;

-- organizations --------------------------------------------------------------------------
create policy organizations_select_members on public.organizations for select to authenticated
  using (id in (select private.user_org_ids()));
-- Anyone signed in may create one; a trigger makes the creator its owner.
create policy organizations_insert_self on public.organizations for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy organizations_update_admins on public.organizations for update to authenticated
  using (private.has_role(id, 'admin')) with check (private.has_role(id, 'admin'));
create policy organizations_delete_owners on public.organizations for delete to authenticated
  using (private.has_role(id, 'owner'));

-- memberships ----------------------------------------------------------------------------
create policy memberships_select_members on public.memberships for select to authenticated
  using (org_id in (select private.user_org_ids()));
-- No insert policy or grant: nobody is put into an organization without their consent (their
-- email would then show through private.org_members). People join by creating an organization
-- (private.add_creator_as_owner) or accepting an invitation (private.accept_invitation), both
-- security definer; operators add members directly as service_role.
create policy memberships_update_admins on public.memberships for update to authenticated
  using (private.can_manage_member(org_id, role)) with check (private.can_manage_member(org_id, role));
-- Admins remove members (owners only by owners); anyone may leave.
create policy memberships_delete_admins_or_self on public.memberships for delete to authenticated
  using (user_id = (select auth.uid()) or private.can_manage_member(org_id, role));

-- invitations ----------------------------------------------------------------------------
-- Invitees never read this table: they accept through private.accept_invitation(token).
create policy invitations_select_admins on public.invitations for select to authenticated
  using (private.has_role(org_id, 'admin'));
create policy invitations_insert_admins on public.invitations for insert to authenticated
  with check (private.can_manage_member(org_id, role) and invited_by = (select auth.uid()));
create policy invitations_update_admins on public.invitations for update to authenticated
  using (private.can_manage_member(org_id, role)) with check (private.can_manage_member(org_id, role));
-- No delete policy or grant: an invitation is revoked, never erased, so the audit trail holds.
-- What an update may change is narrowed further by column grants and invitations_move_forward.

-- audit_log ------------------------------------------------------------------------------
create policy audit_log_select_admins on public.audit_log for select to authenticated
  using (private.has_role(org_id, 'admin'));
-- No insert, update or delete policy: only the audit trigger writes, as the table owner.

-- Explicit grants (hosted Supabase grants nothing by default).
grant select, insert, update, delete on public.organizations to authenticated, service_role;
grant select, update, delete on public.memberships to authenticated;
grant select, insert, update, delete on public.memberships to service_role;
-- Users update only what revoking (revoked_at, revoked_by) and resending (a new token and expiry,
-- last_sent_at, send_count) change. Who invited, the role offered and the acceptance are set once:
-- at insert, or by private.accept_invitation, which runs as the table owner.
grant select, insert on public.invitations to authenticated;
grant update (revoked_at, revoked_by, token_hash, expires_at, last_sent_at, send_count) on public.invitations to authenticated;
grant select, insert, update on public.invitations to service_role;
grant select on public.audit_log to authenticated, service_role;

-- ===========================================================================================
-- Triggers: invariants
-- ===========================================================================================

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- The tenant key of a row never changes: moving a row between organizations is never legitimate.
create function private.forbid_tenant_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (to_jsonb(new) ->> tg_argv[0]) is distinct from (to_jsonb(old) ->> tg_argv[0]) then
    raise exception using errcode = 'SG010', message = format('%s.%s cannot be changed', tg_table_name, tg_argv[0]);
  end if;
  return new;
end
$$;

create function private.add_creator_as_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.created_by is not null then
    insert into public.memberships (org_id, user_id, role) values (new.id, new.created_by, 'owner');
  end if;
  return null;
end
$$;

-- Runs after the statement's rows are final, so demoting or removing several owners at once is
-- judged by what is left. An organization being deleted takes its memberships with it.
create function private.keep_an_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role <> 'owner' then
    return null;
  end if;
  -- Two owners stepping down at once would each still see the other (write skew), so owner
  -- changes in one organization take turns on its row; the check after the wait sees the other's
  -- outcome. `no key update` leaves inserts referencing the organization unblocked. A deleted
  -- organization has no row left to lock.
  perform 1 from public.organizations o where o.id = old.org_id for no key update;
  if found and not exists (select 1 from public.memberships m where m.org_id = old.org_id and m.role = 'owner') then
    raise exception using errcode = 'SG001', message = 'An organization must keep at least one owner.';
  end if;
  return null;
end
$$;

-- An invitation's history only moves forward, for every caller: once accepted or revoked it is a
-- record. Security definer: it looks up auth.users, which API roles cannot read.
create function private.invitations_move_forward() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := auth.uid();
  people text[] := array['invited_by', 'accepted_by', 'revoked_by'];
begin
  -- Deleting a user sets their references null (`on delete set null`), whatever the invitation's
  -- state; that, or no change at all, is always allowed, so removing a user never fails here.
  if (to_jsonb(new) - people - 'updated_at') = (to_jsonb(old) - people - 'updated_at')
    and (new.invited_by is not distinct from old.invited_by
      or (new.invited_by is null and not exists (select 1 from auth.users u where u.id = old.invited_by)))
    and (new.accepted_by is not distinct from old.accepted_by
      or (new.accepted_by is null and not exists (select 1 from auth.users u where u.id = old.accepted_by)))
    and (new.revoked_by is not distinct from old.revoked_by
      or (new.revoked_by is null and not exists (select 1 from auth.users u where u.id = old.revoked_by)))
  then
    return new;
  end if;
  if old.accepted_at is not null and new.accepted_at is null then
    raise exception using errcode = 'SG012', message = 'An accepted invitation cannot be un-accepted.';
  elsif old.revoked_at is not null and new.revoked_at is null then
    raise exception using errcode = 'SG012', message = 'A revoked invitation cannot be un-revoked.';
  elsif old.accepted_at is not null or old.revoked_at is not null then
    raise exception using errcode = 'SG012', message = 'An accepted or revoked invitation cannot be changed.';
  -- A user who revokes is recorded as the revoker, and revoked_by changes no other way. Without a
  -- user (an operator as service_role, a job) there is nobody to hold it to.
  elsif caller is not null and (new.revoked_at is not null or new.revoked_by is distinct from old.revoked_by)
    and (new.revoked_at is null or new.revoked_by is distinct from caller) then
    raise exception using errcode = 'SG012', message = 'Whoever revokes an invitation is recorded as its revoker, and only then.';
  end if;
  return new;
end
$$;

create function private.forbid_audit_rewrite() returns trigger
language plpgsql set search_path = '' as $$
begin
  -- Rows go only when their organization is deleted (cascade); nothing rewrites history.
  if tg_op = 'DELETE' and not exists (select 1 from public.organizations o where o.id = old.org_id) then
    return old;
  end if;
  raise exception using errcode = 'SG011', message = 'The audit log is append-only.';
end
$$;

create trigger organizations_touch_updated_at before update on public.organizations
  for each row execute function private.touch_updated_at();
create trigger memberships_touch_updated_at before update on public.memberships
  for each row execute function private.touch_updated_at();
create trigger invitations_touch_updated_at before update on public.invitations
  for each row execute function private.touch_updated_at();

create trigger organizations_id_immutable before update on public.organizations
  for each row execute function private.forbid_tenant_change('id');
create trigger memberships_org_id_immutable before update on public.memberships
  for each row execute function private.forbid_tenant_change('org_id');
create trigger memberships_user_id_immutable before update on public.memberships
  for each row execute function private.forbid_tenant_change('user_id');
create trigger invitations_org_id_immutable before update on public.invitations
  for each row execute function private.forbid_tenant_change('org_id');
create trigger invitations_move_forward before update on public.invitations
  for each row execute function private.invitations_move_forward();

-- Triggers of one kind fire in name order: this one sorts after organizations_audit, so the log
-- records the organization before the owner's membership in it.
create trigger organizations_then_add_creator_as_owner after insert on public.organizations
  for each row execute function private.add_creator_as_owner();
create trigger memberships_keep_an_owner after update of role or delete on public.memberships
  for each row execute function private.keep_an_owner();
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.forbid_audit_rewrite();

-- ===========================================================================================
-- Audit: one row per change, in the same transaction, naming who did it
-- ===========================================================================================

create function private.audit_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb);
  entity text := tg_argv[0];
  -- Secrets (even hashed) and bookkeeping that changes on use never enter the log.
  row_before jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) - 'token_hash' - 'secret_hash' - 'last_used_at' - 'updated_at' end;
  row_after jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) - 'token_hash' - 'secret_hash' - 'last_used_at' - 'updated_at' end;
  subject jsonb := coalesce(row_after, row_before);
  org uuid := case when entity = 'organization' then (subject ->> 'id')::uuid else (subject ->> 'org_id')::uuid end;
  verb text := lower(tg_op) || 'd';
begin
  -- A cascade from a deleted organization leaves nothing to attach the record to.
  if not exists (select 1 from public.organizations o where o.id = org) then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    if row_before = row_after then
      return null;
    end if;
    verb := case
      when entity = 'membership' and row_before ->> 'role' <> row_after ->> 'role' then 'role_changed'
      -- Read through the jsonb images: plpgsql resolves every old.<field> in the expression, and
      -- organizations and memberships have no accepted_at.
      when entity = 'invitation' and row_before ->> 'accepted_at' is null and row_after ->> 'accepted_at' is not null then 'accepted'
      -- Anything revocable (invitations, API keys) is `<entity>.revoked` when it is revoked.
      when row_before ->> 'revoked_at' is null and row_after ->> 'revoked_at' is not null then 'revoked'
      when entity = 'invitation' and row_before ->> 'last_sent_at' is distinct from row_after ->> 'last_sent_at' then 'resent'
      else 'updated'
    end;
  elsif tg_op = 'INSERT' then
    verb := 'created';
  else
    verb := 'deleted';
  end if;

  insert into public.audit_log (org_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after)
  values (
    org,
    case
      when claims ->> 'sub' is not null then 'user'
      when claims ? 'api_key_id' then 'api_key'
      else 'system'
    end,
    coalesce((claims ->> 'sub')::uuid, (claims ->> 'api_key_id')::uuid),
    coalesce(claims ->> 'email', claims ->> 'api_key_name'),
    entity || '.' || verb,
    entity,
    case entity
      when 'organization' then subject ->> 'id'
      when 'membership' then subject ->> 'user_id'
      else subject ->> 'id'
    end,
    row_before,
    row_after
  );
  return null;
end
$$;

create trigger organizations_audit after insert or update or delete on public.organizations
  for each row execute function private.audit_change('organization');
create trigger memberships_audit after insert or update or delete on public.memberships
  for each row execute function private.audit_change('membership');
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function private.audit_change('invitation');

-- Nobody calls trigger functions directly. Revoked by name, as above: the private schema's
-- per-schema default privileges cannot take back PUBLIC's global default execute right.
revoke execute on function private.touch_updated_at(), private.forbid_tenant_change(), private.add_creator_as_owner(),
  private.keep_an_owner(), private.invitations_move_forward(), private.forbid_audit_rewrite(), private.audit_change() from public;

-- ===========================================================================================
-- Functions the app calls (in `private`: never exposed through the Data API)
-- ===========================================================================================

-- Members with their email and name, for a member of the organization only.
create function private.org_members(org uuid)
returns table (user_id uuid, email text, full_name text, role public.org_role, joined_at timestamptz, last_sign_in_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, u.raw_user_meta_data ->> 'full_name', m.role, m.created_at, u.last_sign_in_at
  from public.memberships m
  join auth.users u on u.id = m.user_id
  where m.org_id = org and private.has_role(org, 'viewer')
  order by m.created_at
$$;

-- What an invitation link shows before anyone signs in; the token is the only key.
create function private.invitation_preview(token text)
returns table (org_name text, org_slug text, email text, role public.org_role, status text, expires_at timestamptz, invited_by_email text)
language sql stable security definer set search_path = '' as $$
  select o.name, o.slug, i.email, i.role,
    case
      when i.revoked_at is not null then 'revoked'
      when i.accepted_at is not null then 'accepted'
      when i.expires_at <= now() then 'expired'
      else 'pending'
    end,
    i.expires_at, u.email::text
  from public.invitations i
  join public.organizations o on o.id = i.org_id
  left join auth.users u on u.id = i.invited_by
  where i.token_hash = encode(extensions.digest(token, 'sha256'), 'hex')
$$;

-- Accepting joins the signed-in user to the organization, once, if the invitation is still open
-- and was sent to their email address.
create function private.accept_invitation(token text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.invitations;
  caller uuid := auth.uid();
  caller_email text := lower(auth.jwt() ->> 'email');
begin
  if caller is null then
    raise exception using errcode = '28000', message = 'Sign in to accept an invitation.';
  end if;
  select * into invitation from public.invitations
  where token_hash = encode(extensions.digest(token, 'sha256'), 'hex')
  for update;
  if not found then
    raise exception using errcode = 'SG020', message = 'This invitation link is not valid.';
  elsif invitation.revoked_at is not null then
    raise exception using errcode = 'SG021', message = 'This invitation was revoked.';
  elsif invitation.accepted_at is not null then
    raise exception using errcode = 'SG022', message = 'This invitation was already used.';
  elsif invitation.expires_at <= now() then
    raise exception using errcode = 'SG023', message = 'This invitation has expired.';
  -- `is distinct from`: a token without an email claim (phone or anonymous sign-in) must not pass.
  elsif invitation.email is distinct from caller_email then
    raise exception using errcode = 'SG024', message = 'This invitation was sent to a different email address.';
  elsif exists (select 1 from public.memberships m where m.org_id = invitation.org_id and m.user_id = caller) then
    raise exception using errcode = 'SG025', message = 'You are already a member of this organization.';
  end if;
  insert into public.memberships (org_id, user_id, role) values (invitation.org_id, caller, invitation.role);
  update public.invitations set accepted_at = now(), accepted_by = caller where id = invitation.id;
  return invitation.org_id;
end
$$;

revoke execute on function private.org_members(uuid), private.invitation_preview(text), private.accept_invitation(text) from public;
grant execute on function private.org_members(uuid) to authenticated, service_role;
grant execute on function private.invitation_preview(text) to service_role;
grant execute on function private.accept_invitation(text) to authenticated;
