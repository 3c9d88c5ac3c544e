/**
 * The budget page's services against the real stack, as signed-in users under RLS: the burn-down's
 * cumulative path (exact, day by day, today's spend so far last; the spend the daily series no
 * longer holds as its first value), the chart rows built from it (ideal line, forecast joined at
 * now), the parent link and child count, the allocation among child budgets, and the budget's
 * fired alerts (unresolved and the latest resolved, newest first); viewers read all of it, and
 * another organization's budget id is not found with nothing changed.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { actualFacts, fireAlert, insertBudget, resolveAlert, ruleOf } from "./alerts-support.ts";
import { burnDownSeries } from "../../components/budgets/burn-down-series.ts";
import { addDays, localDate, localTimeToUtc } from "../../lib/core/time/local-date.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { getBudgetAllocation } from "../../lib/services/budgets/get-budget-allocation.ts";
import { getBudgetDetail } from "../../lib/services/budgets/get-budget-detail.ts";
import { listBudgetAlerts, RESOLVED_LIMIT } from "../../lib/services/budgets/list-budget-alerts.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let admin: OrgContext;
let viewer: OrgContext;
let outsider: OrgContext;

const now = Date.now();
const today = localDate(now, "UTC");
const midnight = (date: string) => localTimeToUtc(date, 0, "UTC");
const iso = (ms: number) => new Date(ms).toISOString();
/** Noon of a day `offset` days from today (UTC, the org's zone), or — for today — a moment ago, never before midnight. */
const at = (offset: number) => (offset === 0 ? Math.max(midnight(today), now - 60_000) : midnight(addDays(today, offset)) + 12 * 3_600_000);
const ev = (offset: number, service: string, cost: string) => ({
  id: `bd-${randomUUID()}`, timestamp: iso(at(offset)), service, model: "m-1", cost, currency: "USD",
});
const week = { kind: "custom" as const, startDate: addDays(today, -3), endDate: addDays(today, 3) };

beforeAll(async () => {
  const team = await teamOrg(sql, "budget-detail");
  admin = team.owner;
  viewer = await team.as("viewer");
  outsider = (await teamOrg(sql, "budget-detail-other")).owner;
  const result = await ingestEvents({ org: admin.org, source: "api", apiKeyId: null, userId: null }, [
    // Three days ago, nothing two days ago, two events yesterday, one today.
    ev(-3, "openai", "1.25"),
    ev(-1, "openai", "2.5"),
    ev(-1, "openai", "0.25"),
    ev(0, "openai", "0.125"),
    ev(-1, "anthropic", "3"),
    ev(0, "anthropic", "1"),
    ev(-2, "archive", "7"),
    ev(-1, "archive", "0.5"),
  ], now);
  expect(result).toMatchObject({ accepted: 8, rejected: [] });
}, 60_000);

describe("the burn-down", () => {
  it("adds up the period day by day in exact decimals, ending at the period's spent now", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "OpenAI this week", amount: "14", period: week, scope: { service: "openai" } });
    const { status, burn_down: burnDown, parent, child_count: childCount } = await getBudgetDetail(byUser(viewer), budget.id, now);
    expect(status.spent).toBe("4.125");
    expect(burnDown).toEqual({
      start: iso(midnight(week.startDate)),
      end: iso(midnight(addDays(week.endDate, 1))),
      as_of: iso(now),
      before_start: "0",
      actual: [
        { at: iso(midnight(week.startDate)), spent: "0" },
        { at: iso(midnight(addDays(today, -2))), spent: "1.25" },
        { at: iso(midnight(addDays(today, -1))), spent: "1.25" },
        { at: iso(midnight(today)), spent: "4" },
        { at: iso(now), spent: "4.125" },
      ],
    });
    expect({ parent, childCount }).toEqual({ parent: null, childCount: 0 });
  });

  it("draws the ideal line over the whole period and starts the forecast where spend stands now", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "OpenAI, charted", amount: "14", period: week, scope: { service: "openai" } });
    const { status, burn_down: burnDown } = await getBudgetDetail(byUser(admin), budget.id, now);
    expect(status.forecast).not.toBeNull();
    const series = burnDownSeries({ burnDown: burnDown!, periodStart: status.period.start, effectiveAmount: status.effective_amount, forecast: status.forecast, currency: "USD", timeZone: "UTC" });
    const [first, last] = [series.rows[0], series.rows.at(-1)!];
    expect(first).toMatchObject({ t: midnight(week.startDate), actual: 0, ideal: 0 });
    // Seven days of $14: $2 a day, in time.
    expect(last).toMatchObject({ t: midnight(addDays(week.endDate, 1)), ideal: 14 });
    expect(last.p50).toBeGreaterThanOrEqual(4.125);
    const nowRow = series.rows.find((row) => row.t === now)!;
    expect(nowRow).toMatchObject({ actual: 4.125, p50: 4.125, band80: [4.125, 4.125], texts: { actual: "$4.13" } });
    expect(nowRow.ideal).toBeCloseTo((14 * (now - midnight(week.startDate))) / (7 * 86_400_000), 6);
    expect(series.idealNow).toBeCloseTo(nowRow.ideal!, 6);
    expect(series.rows.filter((row) => row.actual !== undefined).every((row) => row.t <= now)).toBe(true);
    expect(series.rows.filter((row) => row.p50 !== undefined).every((row) => row.t >= now)).toBe(true);
    expect(series.domain).toEqual([midnight(week.startDate), midnight(addDays(week.endDate, 1))]);
    expect(series.tickUnit).toBe("day");
  });

  it("for a daily budget goes from midnight to now", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "Anthropic daily", amount: "5", period: { kind: "daily" }, scope: { service: "anthropic" } });
    const { burn_down: burnDown } = await getBudgetDetail(byUser(admin), budget.id, now);
    expect(burnDown?.actual).toEqual([{ at: iso(midnight(today)), spent: "0" }, { at: iso(now), spent: "1" }]);
  });

  it("starts at the spend the daily series no longer holds (raw events past retention)", async () => {
    // An empty tags filter is a scope the hourly rollups cannot answer (they keep no tags), so the
    // series reads the raw events — the ones retention deletes. (Rollup-only scopes lose nothing.)
    const { budget } = await createBudget(byUser(admin), {
      name: "Archive, lifetime", amount: "100", period: { kind: "lifetime", startDate: addDays(today, -3) }, scope: { service: "archive", tags: {} },
    });
    // What the retention job does to old raw events: the ledger keeps counting them.
    await sql`delete from public.usage_events where org_id = ${admin.org.id} and service = 'archive' and cost = 7`;
    const { status, burn_down: burnDown } = await getBudgetDetail(byUser(admin), budget.id, now);
    expect(status.spent).toBe("7.5");
    expect(burnDown).toMatchObject({ end: null, before_start: "7", as_of: iso(now) });
    expect(burnDown?.actual.map((point) => point.spent)).toEqual(["7", "7", "7", "7.5", "7.5"]);
    expect(status.forecast).toBeNull();
    const series = burnDownSeries({ burnDown: burnDown!, periodStart: status.period.start, effectiveAmount: status.effective_amount, forecast: null, currency: "USD", timeZone: "UTC" });
    expect(series.rows.some((row) => row.ideal !== undefined)).toBe(false);
    expect(series.idealNow).toBeNull();
  });

  it("is not drawn for a per-subject budget or a period not started", async () => {
    const perUser = await createBudget(byUser(admin), { name: "Each user", amount: "1", period: { kind: "monthly", startDay: 1 }, per: "end_user" });
    expect((await getBudgetDetail(byUser(admin), perUser.budget.id, now)).burn_down).toBeNull();
    const later = await createBudget(byUser(admin), { name: "Next month", amount: "1", period: { kind: "custom", startDate: addDays(today, 40), endDate: addDays(today, 50) } });
    expect((await getBudgetDetail(byUser(admin), later.budget.id, now)).burn_down).toBeNull();
  });
});

describe("child budgets", () => {
  it("split the parent's amount: shares, spent and status per child, the unallocated rest, links both ways", async () => {
    const monthly = { kind: "monthly" as const, startDay: 1 };
    const { budget: parent } = await createBudget(byUser(admin), { name: "All AI", amount: "100", period: monthly });
    const { budget: openai } = await createBudget(byUser(admin), { name: "OpenAI", amount: "25", period: monthly, scope: { service: "openai" }, parent_id: parent.id });
    const { budget: anthropic } = await createBudget(byUser(admin), { name: "Anthropic", amount: "60", period: monthly, scope: { service: "anthropic" }, parent_id: parent.id });
    // A grandchild belongs to its own parent's split, not this one.
    await createBudget(byUser(admin), { name: "Anthropic, part", amount: "10", period: monthly, scope: { service: "anthropic" }, parent_id: anthropic.id });

    const allocation = await getBudgetAllocation(byUser(viewer), parent.id, now);
    expect(allocation).toMatchObject({ amount: "100", allocated: "85", unallocated: "15", unallocated_percent: 15 });
    // The monthly ledgers hold whatever of the events falls in this month (all of them, unless the month began in the last three days).
    const spent = async (id: string) => (await getBudgetDetail(byUser(admin), id, now)).status.spent;
    expect(allocation.children).toEqual([
      { id: anthropic.id, name: "Anthropic", amount: "60", share_percent: 60, spent: await spent(anthropic.id), effective_amount: "60", percent: expect.any(Number), status: expect.any(String) },
      { id: openai.id, name: "OpenAI", amount: "25", share_percent: 25, spent: await spent(openai.id), effective_amount: "25", percent: expect.any(Number), status: expect.any(String) },
    ]);
    expect((await getBudgetDetail(byUser(admin), parent.id, now)).child_count).toBe(2);
    expect((await getBudgetDetail(byUser(viewer), openai.id, now)).parent).toEqual({ id: parent.id, name: "All AI" });
    expect((await getBudgetAllocation(byUser(admin), openai.id, now)).children).toEqual([]);
  });

  it("report each child's own status word", async () => {
    const custom = week;
    const { budget: parent } = await createBudget(byUser(admin), { name: "Week, split", amount: "10", period: custom });
    const { budget: child } = await createBudget(byUser(admin), { name: "OpenAI, small", amount: "4", period: custom, scope: { service: "openai" }, parent_id: parent.id });
    const [entry] = (await getBudgetAllocation(byUser(admin), parent.id, now)).children;
    expect(entry).toMatchObject({ id: child.id, spent: "4.125", status: "exceeded", percent: 103.1, share_percent: 40 });
  });
});

describe("fired alerts", () => {
  it("list unresolved ones and the latest resolved, newest first, only this budget's", async () => {
    const budgetId = await insertBudget(sql, admin.org.id, "Alerted");
    const otherId = await insertBudget(sql, admin.org.id, "Quiet neighbour");
    const rule100 = await ruleOf(sql, budgetId, "actual", 100);
    // Twelve resolved crossings of the 100% line (each resolved before the next can fire).
    for (let index = 0; index < RESOLVED_LIMIT + 2; index += 1) {
      await resolveAlert(sql, admin.org.id, await fireAlert(sql, admin.org.id, rule100, actualFacts(100, "1001")));
    }
    const acknowledged = await fireAlert(sql, admin.org.id, await ruleOf(sql, budgetId, "actual", 80), actualFacts(80, "812"));
    await sql`update public.alerts set status = 'acknowledged', acknowledged_at = now() where id = ${acknowledged}`;
    const open = await fireAlert(sql, admin.org.id, await ruleOf(sql, budgetId, "actual", 50), actualFacts(50, "512"));
    await fireAlert(sql, admin.org.id, await ruleOf(sql, otherId, "actual", 50), actualFacts(50, "600"));

    const { alerts, more } = await listBudgetAlerts(byUser(viewer), budgetId);
    expect(more).toBe(true);
    expect(alerts).toHaveLength(2 + RESOLVED_LIMIT);
    expect(alerts.slice(0, 2).map((alert) => [alert.id, alert.status, alert.severity])).toEqual([[open, "open", "info"], [acknowledged, "acknowledged", "warning"]]);
    expect(alerts.slice(2).every((alert) => alert.status === "resolved" && alert.severity === "critical" && alert.resolved_at !== null)).toBe(true);
    expect(alerts.every((alert) => alert.budget_id === budgetId)).toBe(true);
    const fired = alerts.map((alert) => alert.fired_at);
    expect(fired).toEqual([...fired].sort().reverse());
    // Members see the delivery word only; the counts are the admins'.
    expect(alerts[0].notified).toBeNull();
    expect((await listBudgetAlerts(byUser(admin), otherId)).alerts).toHaveLength(1);
  });

  it("are empty for a budget whose rules fired nothing", async () => {
    const budgetId = await insertBudget(sql, admin.org.id, "Calm");
    expect(await listBudgetAlerts(byUser(admin), budgetId)).toEqual({ alerts: [], more: false });
  });
});

describe("another organization", () => {
  it("finds none of it: its budget id is not found in every verb, and nothing changes", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "Private", amount: "9", period: week });
    await createBudget(byUser(admin), { name: "Private child", amount: "3", period: week, parent_id: budget.id });
    const before = await sql`select id, name, amount::text, parent_id from public.budgets where org_id = ${admin.org.id} order by id`;
    const calls = [() => getBudgetDetail(byUser(outsider), budget.id, now), () => getBudgetAllocation(byUser(outsider), budget.id, now), () => listBudgetAlerts(byUser(outsider), budget.id)];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "not_found" });
    await expect(getBudgetDetail(byUser(admin), "not-a-uuid", now)).rejects.toMatchObject({ code: "invalid" });
    expect(await sql`select id, name, amount::text, parent_id from public.budgets where org_id = ${admin.org.id} order by id`).toEqual(before);
  });
});
