/**
 * run-alert-actions: carries out the alert actions that act outside the database — stopping and
 * starting again Make.com scenarios (lib/automations/run-alert-actions.ts) — every minute from the
 * pg_cron job of that name, and whenever an alert, an approval or an undo pokes it through
 * private.poke_action_runner(). Callers must present the service-role key (the gateway verifies
 * the JWT, and this function requires the service_role role).
 *
 * Environment: MAKE_BASE_URL (optional) sends every Make call to that origin instead of the
 * connector's zone — for tests and the local stack's fake; unset in production.
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
  const counts = await runAlertActions({ sql, makeBaseUrl: Deno.env.get("MAKE_BASE_URL") || undefined });
  return Response.json({ ...counts, ms: Date.now() - started });
});
