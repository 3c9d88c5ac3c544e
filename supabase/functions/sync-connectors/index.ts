/**
 * sync-connectors: pulls what OpenAI, Anthropic, Twilio and AWS billed into public.billed_costs,
 * and what Make scenarios used into public.connector_usage
 * (lib/connectors/sync/sync-connectors.ts) — every ten minutes from the pg_cron job of that name;
 * each connector is due on first connect (30 days of backfill), when its credentials change, and
 * six hours after its last success. Callers must present the service-role key.
 *
 * Environment (tests and the local stack only; unset in production): OPENAI_ADMIN_BASE_URL,
 * ANTHROPIC_ADMIN_BASE_URL, TWILIO_USAGE_BASE_URL, AWS_COST_EXPLORER_ENDPOINT, MAKE_BASE_URL send a provider's calls
 * elsewhere.
 *
 * Answers `{ claimed, synced, retried, failed, lost, ms }`.
 */
import postgres from "postgres";
import { callerRole } from "../_shared/caller-role.ts";
import { syncConnectors } from "../../../lib/connectors/sync/sync-connectors.ts";

const sql = postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", { max: 2, idle_timeout: 30, onnotice: () => {} });

const env = (name: string) => Deno.env.get(name) || undefined;

Deno.serve(async (request) => {
  if (callerRole(request) !== "service_role") {
    return Response.json({ error: { code: "forbidden", message: "sync-connectors needs the service-role key" } }, { status: 403 });
  }
  const started = Date.now();
  const counts = await syncConnectors({
    sql,
    baseUrls: {
      openai: env("OPENAI_ADMIN_BASE_URL"),
      anthropic: env("ANTHROPIC_ADMIN_BASE_URL"),
      twilio: env("TWILIO_USAGE_BASE_URL"),
      aws: env("AWS_COST_EXPLORER_ENDPOINT"),
      make: env("MAKE_BASE_URL"),
    },
  });
  return Response.json({ ...counts, ms: Date.now() - started });
});
