/**
 * Alert evaluation against the real stack: actual-spend thresholds fire inside the ingest
 * transaction the moment a batch crosses them (once per period and subject, however the batches
 * fall, concurrently too), write one outbox row per recipient, honour mute and cooldown, resolve
 * when a raised budget clears them and when their period ends; a lowered budget and a new rule
 * fire at once; repricing crosses both ways; per-subject and rollover budgets alert on their own
 * amounts. Forecast rules fire from run-forecasts, anomaly and health rules from detect-anomalies
 * (both edge functions called through the gateway with the service-role key).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { serviceRoleJwt } from "../../supabase/local/config.ts";
import { gatewayUrl } from "../helpers/local-stack.ts";
import { evaluateBudgetAlerts } from "../../lib/services/alerts/evaluate-budget-alerts.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { updateBudget } from "../../lib/services/budgets/update-budget.ts";
import { repriceAll } from "../../lib/services/pricing/reprice-events.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import { withUser } from "../../lib/db/index.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

type AlertRow = {
  id: string; rule_threshold: string; kind: string; subject: string; status: string; delivery: string;
  resolved_reason: string | null; facts: Record<string, unknown>;
};

const alertsOf = (budgetId: string) => sql<AlertRow[]>`
  select a.id, r.threshold::text as rule_threshold, a.kind, a.subject, a.status, a.delivery, a.resolved_reason, a.facts
  from public.alerts a join public.alert_rules r on r.id = a.rule_id
  where a.budget_id = ${budgetId}
  order by a.fired_at, r.threshold, a.subject`;

const notificationsOf = (alertId: string) => sql<{ purpose: string; channel: string; destination: string }[]>`
  select purpose, channel, destination from public.notifications where alert_id = ${alertId} order by created_at, purpose`;

let seq = 0;
const spend = (cost: string, extra: Record<string, unknown> = {}) => ({
  id: `alert-${seq++}-${randomUUID()}`,
  timestamp: new Date().toISOString(),
  service: "openai",
  model: "gpt-4o",
  cost,
  currency: "USD",
  ...extra,
});

async function invoke(name: string, body: unknown) {
  const response = await fetch(`${gatewayUrl}/functions/v1/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${serviceRoleJwt}` },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<Record<string, number>>;
}

describe("actual-spend alerts", () => {
  let owner: OrgContext;
  let ownerEmail: string;
  const ingest = (events: unknown[]) => ingestEvents({ org: owner.org, source: "api", apiKeyId: null, userId: null }, events);

  beforeAll(async () => {
    owner = (await teamOrg(sql, "alerts")).owner;
    [{ email: ownerEmail }] = await sql<{ email: string }[]>`select email from auth.users where id = ${owner.actor.userId}`;
  });

  it("fire in the ingest transaction once per threshold, notify the budget's creator, and resolve when the budget is raised", async () => {
    const { budget } = await createBudget(byUser(owner), { name: "Monthly", amount: "100", period: { kind: "monthly", startDay: 1 }, scope: { service: "openai" } });
    const rules = await sql<{ kind: string; threshold: string; member_ids: string[] }[]>`
      select r.kind, r.threshold::text, r.member_ids from public.alert_rules r where r.budget_id = ${budget.id} order by r.kind, r.threshold`;
    expect(rules).toEqual([
      { kind: "actual", threshold: "50", member_ids: [owner.actor.userId] },
      { kind: "actual", threshold: "80", member_ids: [owner.actor.userId] },
      { kind: "actual", threshold: "100", member_ids: [owner.actor.userId] },
      { kind: "forecast", threshold: "100", member_ids: [owner.actor.userId] },
    ]);

    await ingest([spend("49.99")]);
    expect(await alertsOf(budget.id)).toEqual([]);

    // Exactly at the line counts as reached.
    const crossing = [spend("0.01")];
    await ingest(crossing);
    const [fifty] = await alertsOf(budget.id);
    expect(fifty).toMatchObject({ rule_threshold: "50", kind: "actual", status: "open", delivery: "sent" });
    expect(fifty.facts).toEqual({ kind: "actual", currency: "USD", threshold: 50, amount: "100", spent: "50.00", percent: 50 });
    expect(await notificationsOf(fifty.id)).toEqual([{ purpose: "alert_fired", channel: "email", destination: ownerEmail }]);

    // The same batch again is a duplicate: nothing moves, nothing fires.
    await ingest(crossing);
    expect(await alertsOf(budget.id)).toHaveLength(1);

    // One batch across two lines fires both.
    await ingest([spend("30"), spend("25")]);
    expect((await alertsOf(budget.id)).map((a) => a.rule_threshold)).toEqual(["50", "80", "100"]);

    // Raised to $1,000: spent $105 is under every line; each alert resolves and tells its recipients.
    await updateBudget(byUser(owner), budget.id, { amount: "1000" });
    const resolved = await alertsOf(budget.id);
    expect(resolved.map((a) => [a.rule_threshold, a.status, a.resolved_reason])).toEqual([
      ["50", "resolved", "condition_cleared"], ["80", "resolved", "condition_cleared"], ["100", "resolved", "condition_cleared"],
    ]);
    expect((await notificationsOf(resolved[1].id)).map((n) => n.purpose)).toEqual(["alert_fired", "alert_resolved"]);

    // Lowered again: the lines are crossed anew — recorded, but inside the cooldown nobody is told twice.
    await updateBudget(byUser(owner), budget.id, { amount: "150" });
    const again = (await alertsOf(budget.id)).filter((a) => a.status === "open");
    expect(again.map((a) => [a.rule_threshold, a.delivery])).toEqual([["50", "cooldown"]]);
    expect(await notificationsOf(again[0].id)).toEqual([]);
  });

  it("fire once when concurrent batches cross the same line", async () => {
    const { budget } = await createBudget(byUser(owner), { name: "Race", amount: "10", period: { kind: "daily" }, scope: { service: "race" } });
    await Promise.all(Array.from({ length: 8 }, () => ingest([spend("1", { service: "race" })])));
    // $8 of $10: the 50 % and 80 % lines, each crossed by exactly one batch (the one that made $5, $8).
    const alerts = (await alertsOf(budget.id)).map((a) => [a.rule_threshold, a.facts.spent]);
    expect(alerts.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([["50", "5"], ["80", "8"]]);
  });

  it("record a muted rule's alert without notifying anybody, and fire a new rule that is already crossed", async () => {
    const { budget } = await createBudget(byUser(owner), { name: "Muted", amount: "10", period: { kind: "daily" }, scope: { service: "muted" } });
    await sql`update public.alert_rules set muted_until = now() + interval '1 hour' where budget_id = ${budget.id}`;
    await ingest([spend("6", { service: "muted" })]);
    const [muted] = await alertsOf(budget.id);
    expect(muted).toMatchObject({ rule_threshold: "50", delivery: "muted" });
    expect(await notificationsOf(muted.id)).toEqual([]);

    await withUser(owner.actor.claims, async (tx) => {
      await tx`insert into public.alert_rules (org_id, budget_id, kind, threshold, severity, member_ids)
        values (${owner.org.id}, ${budget.id}, 'actual', 60, 'warning', ${[owner.actor.userId]}::uuid[])`;
      await evaluateBudgetAlerts(tx, owner.org.id, [budget.id]);
    });
    const alerts = await alertsOf(budget.id);
    expect(alerts.map((a) => [a.rule_threshold, a.delivery])).toEqual([["50", "muted"], ["60", "sent"]]);
  });

  it("alert per subject on a per-subject budget, and on the rolled-over amount", async () => {
    const { budget: perUser } = await createBudget(byUser(owner), {
      name: "Each user", amount: "10", period: { kind: "monthly", startDay: 1 }, scope: { service: "per-user" }, per: "end_user",
    });
    await ingest([spend("5", { service: "per-user", end_user: "u1" }), spend("4", { service: "per-user", end_user: "u2" })]);
    expect((await alertsOf(perUser.id)).map((a) => [a.rule_threshold, a.subject])).toEqual([["50", "u1"]]);
    await ingest([spend("1", { service: "per-user", end_user: "u2" })]);
    expect((await alertsOf(perUser.id)).map((a) => [a.rule_threshold, a.subject])).toEqual([["50", "u1"], ["50", "u2"]]);

    // Rollover: last month left $10 of $10 unused, so this month allows $20 and $6 is 30 %, not 60 %.
    const lastMonth = new Date();
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    const { budget: rolling } = await createBudget(byUser(owner), {
      name: "Rolling", amount: "10", period: { kind: "monthly", startDay: 1 }, scope: { service: "rolling" }, rollover: true,
    });
    await sql`update public.budgets set created_at = ${lastMonth} where id = ${rolling.id}`;
    await ingest([spend("6", { service: "rolling" })]);
    expect(await alertsOf(rolling.id)).toEqual([]);
    await ingest([spend("4", { service: "rolling" })]);
    const [half] = await alertsOf(rolling.id);
    expect(half.facts).toMatchObject({ threshold: 50, amount: "20", spent: "10", percent: 50 });
  });

  it("move with repricing: priced up crosses, priced back down resolves", async () => {
    const { budget } = await createBudget(byUser(owner), { name: "Repriced", amount: "1", period: { kind: "monthly", startDay: 1 }, scope: { model: "alert-model" } });
    // Unknown model: stored unpriced, nothing spent.
    await ingest([{ ...spend("0"), cost: undefined, currency: undefined, model: "alert-model", quantities: { input_tokens: 1_000_000 } }]);
    expect(await alertsOf(budget.id)).toEqual([]);
    const price = async (perToken: string) => {
      await withUser(owner.actor.claims, (tx) => tx`
        insert into public.price_overrides (org_id, service, model, effective_from, currency, unit_prices)
        values (${owner.org.id}, 'openai', 'alert-model', '2020-01-01T00:00:00Z', 'USD', ${tx.json({ input_token: perToken })})
        on conflict on constraint price_overrides_version_key do update set unit_prices = excluded.unit_prices`);
      const jobs = await sql<{ id: string }[]>`select id from public.reprice_jobs where org_id = ${owner.org.id} and finished_at is null`;
      for (const job of jobs) await repriceAll(owner.org.id, job.id, 100);
    };
    await price("0.0000006");
    expect((await alertsOf(budget.id)).map((a) => [a.rule_threshold, a.status])).toEqual([["50", "open"]]);
    await price("0.0000001");
    expect((await alertsOf(budget.id)).map((a) => [a.rule_threshold, a.status, a.resolved_reason])).toEqual([["50", "resolved", "condition_cleared"]]);
  });

  it("resolve when their period ends, telling whoever heard of them", async () => {
    const { budget } = await createBudget(byUser(owner), { name: "Daily", amount: "2", period: { kind: "daily" }, scope: { service: "daily-end" } });
    await ingest([spend("1.5", { service: "daily-end" })]);
    const [open] = await alertsOf(budget.id);
    expect(open.status).toBe("open");
    const [{ resolved }] = await sql<{ resolved: number }[]>`select private.resolve_ended_alerts(now() + interval '1 day') as resolved`;
    expect(resolved).toBeGreaterThanOrEqual(1);
    const [ended] = await alertsOf(budget.id);
    expect(ended).toMatchObject({ status: "resolved", resolved_reason: "period_ended" });
    expect((await notificationsOf(ended.id)).map((n) => n.purpose)).toEqual(["alert_fired", "alert_resolved"]);
  });
});

describe("scheduled rules", () => {
  let owner: OrgContext;
  const ingest = (events: unknown[]) => ingestEvents({ org: owner.org, source: "api", apiKeyId: null, userId: null }, events);
  const HOUR = 3_600_000;
  const WEEK = 7 * 24 * HOUR;

  beforeAll(async () => {
    owner = (await teamOrg(sql, "scheduled")).owner;
  });

  it("forecast rules fire from the stored forecast", async () => {
    // Five weeks of $10 a day: a $100 monthly budget will be exceeded well before the month ends.
    const days = Array.from({ length: 35 }, (_, index) => spend("10", { service: "forecast", timestamp: new Date(Date.now() - (index + 1) * 24 * HOUR).toISOString() }));
    await ingest(days);
    const { budget } = await createBudget(byUser(owner), { name: "Forecast", amount: "1000", period: { kind: "yearly", startMonth: 1 }, scope: { service: "forecast" } });
    await sql`update public.alert_rules set threshold = 10 where budget_id = ${budget.id} and kind = 'forecast'`;
    await invoke("run-forecasts", { budget_id: budget.id });
    const forecast = (await alertsOf(budget.id)).find((a) => a.kind === "forecast");
    expect(forecast).toBeDefined();
    expect(forecast!.facts).toMatchObject({ kind: "forecast", threshold: 10, amount: "1000" });
    expect(Number(forecast!.facts.forecast)).toBeGreaterThanOrEqual(100);
  });

  it("anomaly rules compare the last hour with the same hour of earlier weeks, and resolve when it passes", async () => {
    // An evaluation moment in the past, so every event is in the past too (ingest refuses future ones).
    const now = Date.now() - 3 * HOUR;
    // Eight earlier weeks at ~$2 in that hour, this week $40.
    const history = Array.from({ length: 8 }, (_, k) => spend(String(2 + (k % 3) * 0.25), { service: "anomaly", timestamp: new Date(now - (k + 1) * WEEK - 20 * 60_000).toISOString() }));
    await ingest([...history, spend("40", { service: "anomaly", timestamp: new Date(now - 10 * 60_000).toISOString() })]);
    const { budget } = await createBudget(byUser(owner), { name: "Anomaly", amount: "100000", period: { kind: "monthly", startDay: 1 }, scope: { service: "anomaly" } });
    await sql`insert into public.alert_rules (org_id, budget_id, kind, threshold, window_minutes, min_amount, severity, member_ids)
      values (${owner.org.id}, ${budget.id}, 'anomaly', 4, 60, 5, 'critical', ${[owner.actor.userId]}::uuid[])`;

    expect(await invoke("detect-anomalies", { org_id: owner.org.id, now: new Date(now).toISOString() })).toMatchObject({ failed: 0 });
    const [anomaly] = (await alertsOf(budget.id)).filter((a) => a.kind === "anomaly");
    expect(anomaly).toMatchObject({ status: "open", subject: "", delivery: "sent" });
    expect(anomaly.facts).toMatchObject({ kind: "anomaly", observed: "40", baseline_weeks: 8, window_minutes: 60 });
    expect(Number(anomaly.facts.usual)).toBeCloseTo(2.25, 5);

    // Seen again: still one alert. An hour later the window is quiet: resolved.
    await invoke("detect-anomalies", { org_id: owner.org.id, now: new Date(now + 60_000).toISOString() });
    expect((await alertsOf(budget.id)).filter((a) => a.kind === "anomaly")).toHaveLength(1);
    await invoke("detect-anomalies", { org_id: owner.org.id, now: new Date(now + 2 * HOUR).toISOString() });
    const [after] = (await alertsOf(budget.id)).filter((a) => a.kind === "anomaly");
    expect(after).toMatchObject({ status: "resolved", resolved_reason: "condition_cleared" });
  });

  it("health rules fire on a service's error rate over the window", async () => {
    const now = Date.now() - 3 * HOUR;
    const calls = Array.from({ length: 20 }, (_, index) => spend("0.01", {
      service: "flaky", timestamp: new Date(now - (index + 1) * 30_000).toISOString(), status: index % 4 === 0 ? "error" : "ok", latency_ms: 100 + index,
    }));
    await ingest(calls);
    const [rule] = await sql<{ id: string }[]>`
      insert into public.alert_rules (org_id, kind, threshold, service, metric, window_minutes, min_requests, severity, member_ids)
      values (${owner.org.id}, 'health', 20, 'flaky', 'error_rate', 15, 10, 'critical', ${[owner.actor.userId]}::uuid[]) returning id`;
    await invoke("detect-anomalies", { org_id: owner.org.id, now: new Date(now).toISOString() });
    const [health] = await sql<AlertRow[]>`select id, kind, status, delivery, facts from public.alerts where rule_id = ${rule.id}`;
    expect(health).toMatchObject({ kind: "health", status: "open", delivery: "sent" });
    expect(health.facts).toMatchObject({ kind: "health", service: "flaky", metric: "error_rate", value: 25, requests: 20, errors: 5 });
  });
});
