-- Member reads of the high-volume tables at scale (issue 7: dashboard, Explore).
--
-- The select policies of usage_events, spend_rollups and budget_ledgers called
-- private.has_role(org_id, 'viewer') for every row: ~47 µs a row, seconds for a month of
-- rollups. `org_id in (select private.user_org_ids())` is the form DESIGN §3 asks for: the
-- subquery runs once per query (an InitPlan) and the rest is an index condition. Viewer is the
-- least role, so "a member of the organization" is the same rule.

drop policy usage_events_select_members on public.usage_events;
create policy usage_events_select_members on public.usage_events for select to authenticated
  using (org_id in (select private.user_org_ids()));

drop policy spend_rollups_select_members on public.spend_rollups;
create policy spend_rollups_select_members on public.spend_rollups for select to authenticated
  using (org_id in (select private.user_org_ids()));

drop policy budget_ledgers_select_members on public.budget_ledgers;
create policy budget_ledgers_select_members on public.budget_ledgers for select to authenticated
  using (org_id in (select private.user_org_ids()));
