/**
 * detect-anomalies: evaluates every organization's anomaly and API-health alert rules
 * (lib/alerting/evaluate-anomalies.ts) — every five minutes from the pg_cron job
 * 'detect-anomalies', or for one organization when the body names it. Each organization is one
 * transaction, so a failure in one leaves the others' alerts in place. Service-role key only, as
 * for run-forecasts (the gateway verifies the JWT; the role must be service_role).
 */
import postgres from "postgres";
import { z } from "zod";
import { callerRole } from "../_shared/caller-role.ts";
import { evaluateAnomalies } from "../../../lib/alerting/evaluate-anomalies.ts";

const TIME_BUDGET_MS = 50_000;

const RunRequest = z.strictObject({ org_id: z.uuid().optional(), now: z.iso.datetime().optional() });

const sql = postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", { max: 2, idle_timeout: 30, onnotice: () => {} });

Deno.serve(async (request) => {
  if (callerRole(request) !== "service_role") {
    return Response.json({ error: { code: "forbidden", message: "detect-anomalies needs the service-role key" } }, { status: 403 });
  }
  const raw = await request.json().catch(() => ({}));
  const parsed = RunRequest.safeParse(raw ?? {});
  if (!parsed.success) {
    return Response.json({ error: { code: "invalid_request", message: parsed.error.issues[0]?.message ?? "invalid body" } }, { status: 400 });
  }
  const started = Date.now();
  // `now` lets tests and backfills evaluate a moment other than this one.
  const now = parsed.data.now ? Date.parse(parsed.data.now) : started;
  const orgs = await sql<{ org_id: string }[]>`
    select distinct org_id::text from public.alert_rules
    where kind in ('anomaly', 'health') ${parsed.data.org_id ? sql`and org_id = ${parsed.data.org_id}` : sql``}
    order by 1`;
  const counts = { organizations: orgs.length, alerts: 0, failed: 0, left: 0 };
  for (const [index, { org_id: orgId }] of orgs.entries()) {
    if (Date.now() - started > TIME_BUDGET_MS) {
      counts.left = orgs.length - index;
      break;
    }
    try {
      const ids = await sql.begin((tx) => evaluateAnomalies(tx, orgId, now));
      counts.alerts += ids.length;
    } catch (error) {
      counts.failed += 1;
      console.error(`detect-anomalies: organization ${orgId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return Response.json({ ...counts, ms: Date.now() - started });
});
