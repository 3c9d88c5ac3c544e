-- One way for the database to call an edge function: private.invoke_function(name). The cron
-- jobs (run-forecasts, dispatch-notifications, detect-anomalies) and the dispatcher's poke each
-- spelled out the same pg_net request with the Vault secrets; they now call this.
--
-- pg_net sends the request after the transaction commits (and not at all if it rolls back). The
-- project URL and the service-role key come from the Vault (README, "Using a real Supabase project").
-- Without them, a cron job must fail visibly (cron.job_run_details shows the message), while a
-- poke from inside an ingest transaction must not fail the batch: `if_configured` says which.

create function private.invoke_function(name text, if_configured boolean default false) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  project_url text := (select s.decrypted_secret from vault.decrypted_secrets s where s.name = 'project_url');
  service_key text := (select s.decrypted_secret from vault.decrypted_secrets s where s.name = 'service_role_key');
begin
  if project_url is null or service_key is null then
    if if_configured then
      return null;
    end if;
    raise exception 'cannot call the edge function %: the Vault secrets project_url and service_role_key are not set', name
      using hint = 'Store them with vault.create_secret (README: Using a real Supabase project).';
  end if;
  return net.http_post(
    url := project_url || '/functions/v1/' || name,
    headers := pg_catalog.jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || service_key),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000);
end
$$;
revoke execute on function private.invoke_function(text, boolean) from public;

-- Asks the dispatch-notifications edge function to drain the outbox now; without the Vault
-- secrets (a project not set up yet) the minute cron still drains it.
create or replace function private.poke_dispatcher() returns void
language sql volatile security definer set search_path = '' as $$
  select private.invoke_function('dispatch-notifications', if_configured => true);
$$;

-- Rescheduling under the same name replaces the job.
select cron.schedule('run-forecasts', '17 * * * *', $$select private.invoke_function('run-forecasts')$$);
select cron.schedule('dispatch-notifications', '* * * * *', $$select private.invoke_function('dispatch-notifications')$$);
select cron.schedule('detect-anomalies', '*/5 * * * *', $$select private.invoke_function('detect-anomalies')$$);
