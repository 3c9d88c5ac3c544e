/**
 * run-forecasts: refreshes the stored forecast (public.budget_forecasts) of every whole budget's
 * current period — hourly from the pg_cron job 'run-forecasts', or for one organization / budget
 * when the body says so. The forecast is the one the status computes on request
 * (lib/core/budgets/status.ts currentForecast): the daily series from
 * private.budget_daily_series, spent so far and the effective amount (rollover included) from
 * the ledgers. After storing one, the budget's forecast alert rules are evaluated against it
 * (lib/alerting/evaluate-budgets.ts). Callers must present the service-role key: the gateway verifies the JWT
 * (verify_jwt) and this function requires its role to be service_role, so the anon key is refused.
 *
 * Bounded: at most MAX_BUDGETS budgets per call, and it stops starting new ones after
 * TIME_BUDGET_MS; the answer counts what was stored, skipped (nothing to forecast), failed and left.
 */
import postgres from "postgres";
import { z } from "zod";
import { callerRole } from "../_shared/caller-role.ts";
import { currentForecast, SERIES_DAYS } from "../../../lib/core/budgets/status.ts";
import { evaluateBudgets } from "../../../lib/alerting/evaluate-budgets.ts";
import { readLedgers } from "../../../lib/alerting/read-ledgers.ts";
import { budgetPeriodSchema, periodAt } from "../../../lib/core/budgets/periods.ts";

const MAX_BUDGETS = 5_000;
const TIME_BUDGET_MS = 50_000;
/** Budgets forecast at once: each is three small reads and one upsert. */
const CONCURRENCY = 4;

const RunRequest = z.strictObject({ org_id: z.uuid().optional(), budget_id: z.uuid().optional() });

const sql = postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", { max: CONCURRENCY, idle_timeout: 30, onnotice: () => {} });

type BudgetRow = {
  id: string; org_id: string; amount: string; period: unknown; timezone: string; per: string | null;
  rollover: boolean; rollover_cap: string | null; warn_at_percent: string; created_at: Date;
};

/** Forecasts one budget and stores it; false when there is nothing to forecast. */
async function refresh(row: BudgetRow, now: number): Promise<boolean> {
  const period = budgetPeriodSchema.parse(row.period);
  const createdAt = row.created_at.getTime();
  const firstPeriod = periodAt(period, row.timezone, Math.min(createdAt, now));
  const ledgers = await readLedgers(sql, row.id, firstPeriod?.start ?? null, "");
  const series = await sql<{ spent: number }[]>`
    select spent::float8 as spent from private.budget_daily_series(${row.id}, ${SERIES_DAYS}, ${new Date(now)})`;
  const result = currentForecast({
    budget: { ...row, period, created_at: createdAt },
    now,
    ledgers,
    dailySeries: series.map((day) => day.spent),
  });
  if (!result) return false;
  const { forecast } = result;
  await sql`
    insert into public.budget_forecasts as f (org_id, budget_id, subject, period_start, computed_at, method, backtest_error, history_days, forecast)
    values (${row.org_id}, ${row.id}, '', ${result.period_start === null ? "-infinity" : new Date(result.period_start)}, ${new Date(now)},
      ${forecast.method}, ${forecast.backtestError}, ${forecast.historyDays}, ${sql.json(forecast)})
    on conflict on constraint budget_forecasts_pkey do update set
      computed_at = excluded.computed_at, method = excluded.method, backtest_error = excluded.backtest_error,
      history_days = excluded.history_days, forecast = excluded.forecast`;
  // Forecast rules are judged against the forecast just stored (and the actual ones re-checked).
  await sql.begin((tx) => evaluateBudgets(tx, row.org_id, [row.id], now));
  return true;
}

Deno.serve(async (request) => {
  if (callerRole(request) !== "service_role") {
    return Response.json({ error: { code: "forbidden", message: "run-forecasts needs the service-role key" } }, { status: 403 });
  }
  const raw = await request.json().catch(() => ({}));
  const parsed = RunRequest.safeParse(raw ?? {});
  if (!parsed.success) {
    return Response.json({ error: { code: "invalid_request", message: parsed.error.issues[0]?.message ?? "invalid body" } }, { status: 400 });
  }
  const { org_id: orgId, budget_id: budgetId } = parsed.data;
  const started = Date.now();
  const budgets = await sql<BudgetRow[]>`
    select id, org_id, amount::text as amount, period, timezone, per, rollover, rollover_cap::text as rollover_cap,
      warn_at_percent::text as warn_at_percent, created_at
    from public.budgets
    where per is null and period ->> 'kind' <> 'lifetime'
      ${orgId ? sql`and org_id = ${orgId}` : sql``} ${budgetId ? sql`and id = ${budgetId}` : sql``}
    order by org_id, id
    limit ${MAX_BUDGETS}`;

  const counts = { budgets: budgets.length, stored: 0, skipped: 0, failed: 0, left: 0 };
  let next = 0;
  const worker = async () => {
    while (next < budgets.length) {
      if (Date.now() - started > TIME_BUDGET_MS) return;
      const row = budgets[next++];
      try {
        if (await refresh(row, Date.now())) counts.stored += 1;
        else counts.skipped += 1;
      } catch (error) {
        counts.failed += 1;
        console.error(`run-forecasts: budget ${row.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  counts.left = budgets.length - next;
  return Response.json({ ...counts, ms: Date.now() - started });
});
