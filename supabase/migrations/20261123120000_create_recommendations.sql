-- Recommendations (issue 8 §3): ways to spend less, with their evidence and estimated monthly
-- saving. They are computed on request from the last 30 days of rollups and events (rules in
-- lib/core/recommendations, facts gathered by lib/services/recommendations as the reader, under
-- RLS); only people's decisions about them are stored here.
--
--   * public.recommendation_states: per organization and recommendation key (stable per subject,
--     e.g. "idle_budget:<budget id>" or "repeated_requests:openai:gpt-4o"), whether it was
--     dismissed or done, with an optional note, who decided and when. Reopening deletes the row.
--   * Members decide (dismiss, mark done, reopen): like acknowledging an alert, a decision changes
--     what the team is shown, not money or access; viewers read. Who and when are stamped by a
--     trigger, never taken from the client; people change only status and note.
--   * Audited (recommendation.created / updated / deleted); org_id never changes.

create table public.recommendation_states (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  key text not null constraint recommendation_states_key_length check (char_length(key) between 1 and 500),
  status text not null constraint recommendation_states_status_valid check (status in ('dismissed', 'done')),
  note text constraint recommendation_states_note_length check (char_length(note) <= 500),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz not null default now(),
  constraint recommendation_states_org_key unique (org_id, key)
);
comment on table public.recommendation_states is 'People''s decisions on computed recommendations: dismissed or done, per organization and key.';
comment on column public.recommendation_states.key is 'The recommendation''s stable key (lib/core/recommendations/types.ts): kind and subject.';

alter table public.recommendation_states enable row level security;

create policy recommendation_states_select_members on public.recommendation_states for select to authenticated
  using (private.has_role(org_id, 'viewer'));
create policy recommendation_states_insert_members on public.recommendation_states for insert to authenticated
  with check (private.has_role(org_id, 'member'));
create policy recommendation_states_update_members on public.recommendation_states for update to authenticated
  using (private.has_role(org_id, 'member')) with check (private.has_role(org_id, 'member'));
create policy recommendation_states_delete_members on public.recommendation_states for delete to authenticated
  using (private.has_role(org_id, 'member'));

grant select, delete on public.recommendation_states to authenticated;
grant insert (org_id, key, status, note) on public.recommendation_states to authenticated;
grant update (status, note) on public.recommendation_states to authenticated;
grant select, insert, update, delete on public.recommendation_states to service_role;

-- Who decided and when: the signed-in user (null for service_role and operators), now.
create function private.recommendation_states_stamp() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.decided_by := (select auth.uid());
  new.decided_at := pg_catalog.now();
  return new;
end
$$;
revoke execute on function private.recommendation_states_stamp() from public;

create trigger recommendation_states_stamp before insert or update on public.recommendation_states
  for each row execute function private.recommendation_states_stamp();
create trigger recommendation_states_org_id_immutable before update on public.recommendation_states
  for each row execute function private.forbid_tenant_change('org_id');
create trigger recommendation_states_audit after insert or update or delete on public.recommendation_states
  for each row execute function private.audit_change('recommendation');
