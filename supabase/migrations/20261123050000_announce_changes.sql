-- Realtime for changes that are not ingest (issue 7 §1: "alerts and budget status changes send
-- their own events"). Ingest sends exact deltas (`spend`, `budgets`) and private.record_alerts
-- sends `alerts_changed` when it records; these triggers cover every other writer, whatever the
-- path (API, app, cron, a future one):
--
--   * budgets created, edited or deleted  → `budgets_changed` on org:<id>:spend
--   * events updated (repricing)          → `spend_changed`   on org:<id>:spend
--   * alerts acknowledged or resolved      → `alerts_changed`  on org:<id>:alerts
--
-- The messages say only what changed, not how: clients refetch what they show. Each is sent at
-- most once per organization and transaction (a bulk edit of fifty budgets is one message), from
-- inside the transaction, so a rolled-back change announces nothing.

create function private.announce(org uuid, topic text, event text) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  flag text := 'spendguard.announced_' || pg_catalog.md5(org::text || ':' || topic || ':' || event);
begin
  -- A transaction-local setting remembers what this transaction already sent.
  if pg_catalog.current_setting(flag, true) = '1' then
    return;
  end if;
  perform pg_catalog.set_config(flag, '1', true);
  perform realtime.send(pg_catalog.jsonb_build_object('v', 1), event, 'org:' || org || ':' || topic, true);
end
$$;
revoke execute on function private.announce(uuid, text, text) from public;

create function private.announce_budget_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.announce(coalesce(new.org_id, old.org_id), 'spend', 'budgets_changed');
  return null;
end
$$;

create function private.announce_restated_spend() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.announce(o.org_id, 'spend', 'spend_changed') from (select distinct org_id from new_events) o;
  return null;
end
$$;

create function private.announce_alert_status() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.announce(new.org_id, 'alerts', 'alerts_changed');
  return null;
end
$$;
revoke execute on function private.announce_budget_change(), private.announce_restated_spend(),
  private.announce_alert_status() from public;

create trigger budgets_announce_change after insert or update or delete on public.budgets
  for each row execute function private.announce_budget_change();
create trigger usage_events_announce_restated after update on public.usage_events
  referencing new table as new_events for each statement execute function private.announce_restated_spend();
create trigger alerts_announce_status after update of status on public.alerts
  for each row when (old.status is distinct from new.status) execute function private.announce_alert_status();
