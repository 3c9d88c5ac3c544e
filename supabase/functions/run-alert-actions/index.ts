/**
 * run-alert-actions: carries out the alert actions that act outside the database — stopping and
 * starting again Make.com scenarios, calling signed webhooks (lib/automations/run-alert-actions.ts)
 * — every minute from the
 * pg_cron job of that name, and whenever an alert, an approval or an undo pokes it through
 * private.poke_action_runner(). Callers must present the service-role key (the gateway verifies
 * the JWT, and this function requires the service_role role).
 *
 * Environment: SPENDGUARD_SITE_URL (the app's URL, for the alert link in webhook bodies);
 * MAKE_BASE_URL (optional) sends every Make call to that origin instead of the connector's zone,
 * and WEBHOOK_ALLOW_PRIVATE_URLS=1 allows loopback endpoints — tests and the local stack only.
 *
 * Answers `{ claimed, done, undone, skipped, failed, retried, ms }`.
 */
import postgres from "postgres";
import { callerRole } from "../_shared/caller-role.ts";
import { runAlertActions } from "../../../lib/automations/run-alert-actions.ts";

const sql = postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", { max: 2, idle_timeout: 30, onnotice: () => {} });

Deno.serve(async (request) => {
  if (callerRole(request) !== "service_role") {
    return Response.json({ error: { code: "forbidden", message: "run-alert-actions needs the service-role key" } }, { status: 403 });
  }
  const started = Date.now();
  const counts = await runAlertActions({
    sql,
    siteUrl: Deno.env.get("SPENDGUARD_SITE_URL") || undefined,
    makeBaseUrl: Deno.env.get("MAKE_BASE_URL") || undefined,
    allowPrivateWebhooks: Deno.env.get("WEBHOOK_ALLOW_PRIVATE_URLS") === "1",
  });
  return Response.json({ ...counts, ms: Date.now() - started });
});
