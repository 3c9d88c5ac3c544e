/**
 * dispatch-notifications: drains the notification outbox (lib/delivery/dispatch-notifications.ts)
 * — every minute from the pg_cron job of that name, and right after private.record_alerts (or
 * anything else that queues messages) pokes it through private.poke_dispatcher(). Callers must
 * present the service-role key: the gateway verifies the JWT (verify_jwt) and this function
 * requires its role to be service_role, so the anon key is refused.
 *
 * Environment (Supabase secrets; see lib/delivery/delivery-settings.ts): RESEND_API_KEY,
 * EMAIL_FROM, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, SPENDGUARD_SITE_URL
 * (required: links in messages); RESEND_BASE_URL / TWILIO_BASE_URL point the SDKs elsewhere
 * (tests); the local stack adds SPENDGUARD_LOCAL_STACK=1 and WEBHOOK_ALLOW_PRIVATE_URLS=1.
 *
 * Answers `{ claimed, sent, retried, dead, rejected, ms }`.
 */
import postgres from "postgres";
import { z } from "zod";
import { callerRole } from "../_shared/caller-role.ts";
import { dispatchNotifications } from "../../../lib/delivery/dispatch-notifications.ts";
import { deliverySettingsSchema } from "../../../lib/delivery/delivery-settings.ts";

/** Sends in flight at once; one more connection for claiming and bookkeeping. */
const CONCURRENCY = 5;

const sql = postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", { max: CONCURRENCY + 1, idle_timeout: 30, onnotice: () => {} });

const environmentSchema = deliverySettingsSchema.extend({
  SPENDGUARD_SITE_URL: z.url({ protocol: /^https?$/, error: "must be the app's public http(s) URL, e.g. https://app.spendguard.dev" }),
});

Deno.serve(async (request) => {
  if (callerRole(request) !== "service_role") {
    return Response.json({ error: { code: "forbidden", message: "dispatch-notifications needs the service-role key" } }, { status: 403 });
  }
  // Read per request, so a secret set on the project takes effect without a redeploy.
  const environment = environmentSchema.safeParse(Deno.env.toObject());
  if (!environment.success) {
    // Nothing is claimed: the rows wait, untouched, until the configuration is fixed.
    const problems = environment.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    console.error(`dispatch-notifications: invalid configuration: ${problems}`);
    return Response.json({ error: { code: "not_configured", message: problems } }, { status: 500 });
  }
  const started = Date.now();
  const { SPENDGUARD_SITE_URL: siteUrl, ...settings } = environment.data;
  const counts = await dispatchNotifications({ sql, settings, siteUrl, concurrency: CONCURRENCY });
  return Response.json({ ...counts, ms: Date.now() - started });
});
