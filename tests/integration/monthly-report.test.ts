/**
 * The monthly report over events ingested through POST /api/v1/events into February and March
 * 2026 for an organization in America/Los_Angeles (March holds the spring-forward day): events
 * either side of local midnight on the 1st land in the right month, and the report's totals,
 * services, top changes, budgets (monthly, daily with every day of the month, quarterly) and
 * alerts fired are exact. A viewer reads it; another organization's member gets not found.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { InvalidError, NotFoundError } from "../../lib/services/errors.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { updateRetention } from "../../lib/services/organizations/update-retention.ts";
import { getMonthlyReport, type MonthlyReport } from "../../lib/services/reports/get-monthly-report.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { newUser, superuserSql, uniqueSlug } from "./org-support.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const ZONE = "America/Los_Angeles";
/** Mid-April 2026 in Los Angeles: March is complete, April under way. */
const NOW = Date.parse("2026-04-15T19:00:00Z");

let owner: OrgContext;
let viewer: OrgContext;
let outsider: OrgContext;
const budgets: Record<string, string> = {};

const event = (timestamp: string, service: string, model: string, cost: string, extra: Record<string, string> = {}) => ({
  id: `report-${randomUUID()}`, timestamp, service, model, cost, currency: "USD", ...extra,
});

async function alertAt(budgetId: string, severity: string, firedAt: string) {
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budgetId} order by threshold limit 1`;
  await sql`
    insert into public.alerts (org_id, rule_id, budget_id, kind, severity, period_start, delivery, fired_at)
    values (${owner.org.id}, ${rule.id}, ${budgetId}, 'actual', ${severity}, ${firedAt}, 'sent', ${firedAt})`;
}

beforeAll(async () => {
  const person = await newUser("report-owner");
  const slug = uniqueSlug("report");
  await createOrganization({ actor: person.actor }, { name: "Report Co", slug, baseCurrency: "USD", timezone: ZONE });
  owner = await resolveOrgContext(person.actor, slug);
  const reader = await newUser("report-viewer");
  await sql`insert into public.memberships (org_id, user_id, role) values (${owner.org.id}, ${reader.claims.sub}, 'viewer')`;
  viewer = await resolveOrgContext(reader.actor, slug);
  outsider = (await teamOrg(sql, "report-other")).owner;
  // Fixed months in 2026 stay within reach of ingest for years.
  await updateRetention(owner, { retentionMonths: 120 });

  const create = async (name: string, fields: Record<string, unknown>) => {
    const { budget } = await createBudget(byUser(owner), { name, ...fields } as Parameters<typeof createBudget>[1]);
    budgets[name] = budget.id;
  };
  await create("All spend", { amount: "20", period: { kind: "monthly", startDay: 1 } });
  await create("OpenAI daily", { amount: "1", period: { kind: "daily" }, scope: { service: "openai" } });
  await create("Ads quarterly", { amount: "50", period: { kind: "quarterly", startMonth: 1 }, scope: { team: "ads" } });
  // As if they had been there since January.
  await sql`update public.budgets set created_at = '2026-01-10T00:00:00Z' where org_id = ${owner.org.id}`;

  const key = (await newApiKey(owner, ["ingest"])).secret;
  const events = [
    // February in Los Angeles: 2026-02-01T08:00Z – 2026-03-01T08:00Z.
    event("2026-02-10T18:00:00Z", "openai", "gpt-4o", "10.25", { team: "search", project: "alpha" }),
    event("2026-02-20T18:00:00Z", "anthropic", "claude-sonnet-4-5", "4", { team: "ads", project: "beta" }),
    event("2026-03-01T07:30:00Z", "twilio", "sms", "1.5", { team: "ads", project: "beta" }), // 28 Feb, 23:30 PST
    // March: 2026-03-01T08:00Z – 2026-04-01T07:00Z (clocks went forward on the 8th).
    event("2026-03-01T08:30:00Z", "openai", "gpt-4o", "20.5", { team: "search", project: "alpha" }), // 1 Mar, 00:30 PST
    event("2026-03-08T10:30:00Z", "anthropic", "claude-sonnet-4-5", "1", { team: "ads", project: "beta" }), // 8 Mar, 03:30 PDT
    event("2026-03-15T12:00:00Z", "resend", "email", "0.0004"),
    event("2026-03-31T23:00:00Z", "openai", "gpt-4o-mini", "3.125", { team: "search", project: "gamma" }), // 31 Mar, 16:00 PDT
    event("2026-04-01T07:30:00Z", "openai", "gpt-4o", "100", { team: "search", project: "alpha" }), // 1 Apr, 00:30 PDT
  ];
  const response = await callRoute(ingest as RouteHandler, key, "POST", "/events", {}, { events });
  expect(response.body).toMatchObject({ accepted: events.length, rejected: [] });

  // Alerts fired either side of March's edges (the ingest's own fire now, in another month).
  await alertAt(budgets["All spend"], "info", "2026-03-01T07:59:59Z");
  await alertAt(budgets["All spend"], "warning", "2026-03-01T08:00:00Z");
  await alertAt(budgets["OpenAI daily"], "warning", "2026-03-10T00:00:00Z");
  await alertAt(budgets["OpenAI daily"], "critical", "2026-03-31T23:30:00Z");
  await alertAt(budgets["Ads quarterly"], "info", "2026-04-01T07:00:00Z");
});

describe("the monthly report", () => {
  let report: MonthlyReport;
  beforeAll(async () => {
    report = await getMonthlyReport(viewer, "2026-03", NOW);
  });

  it("cuts March at local midnight in Los Angeles and totals it exactly against February", () => {
    expect(report).toMatchObject({ month: "2026-03", previousMonth: "2026-02", state: "complete", currency: "USD", timezone: ZONE });
    expect(report.current).toEqual({
      from: "2026-03-01T08:00:00.000Z", to: "2026-04-01T07:00:00.000Z", totals: { cost: "24.6254", events: 4, errors: 0, unpriced_events: 0 },
    });
    expect(report.previous).toEqual({
      from: "2026-02-01T08:00:00.000Z", to: "2026-03-01T08:00:00.000Z", totals: { cost: "15.75", events: 3, errors: 0, unpriced_events: 0 },
    });
    expect(report.change).toEqual({ amount: "8.8754", percent: 56.4 });
  });

  it("lists spend by service with its share and the month before, a service used only then last", () => {
    expect(report.services).toEqual({
      truncated: false,
      rows: [
        { service: "openai", cost: "23.625", share_percent: "95.9", events: 2, unpriced_events: 0, previous: "10.25", change: "13.375" },
        { service: "anthropic", cost: "1", share_percent: "4.1", events: 1, unpriced_events: 0, previous: "4", change: "-3" },
        { service: "resend", cost: "0.0004", share_percent: "0", events: 1, unpriced_events: 0, previous: "0", change: "0.0004" },
        { service: "twilio", cost: "0", share_percent: "0", events: 0, unpriced_events: 0, previous: "1.5", change: "-1.5" },
      ],
    });
  });

  it("ranks the models, teams and projects that rose and fell the most", () => {
    const brief = (changes: MonthlyReport["changes"]["models"]) => ({
      rose: changes.rose.map(({ group, previous, current, change, percent }) => [group, previous, current, change, percent]),
      fell: changes.fell.map(({ group, previous, current, change, percent }) => [group, previous, current, change, percent]),
    });
    expect(brief(report.changes.models)).toEqual({
      rose: [
        [{ service: "openai", model: "gpt-4o" }, "10.25", "20.5", "10.25", 100],
        [{ service: "openai", model: "gpt-4o-mini" }, "0", "3.125", "3.125", null],
        [{ service: "resend", model: "email" }, "0", "0.0004", "0.0004", null],
      ],
      fell: [
        [{ service: "anthropic", model: "claude-sonnet-4-5" }, "4", "1", "-3", -75],
        [{ service: "twilio", model: "sms" }, "1.5", "0", "-1.5", -100],
      ],
    });
    expect(brief(report.changes.teams)).toEqual({
      rose: [[{ team: "search" }, "10.25", "23.625", "13.375", 130.5], [{ team: null }, "0", "0.0004", "0.0004", null]],
      fell: [[{ team: "ads" }, "5.5", "1", "-4.5", -81.8]],
    });
    expect(brief(report.changes.projects)).toEqual({
      rose: [[{ project: "alpha" }, "10.25", "20.5", "10.25", 100], [{ project: "gamma" }, "0", "3.125", "3.125", null], [{ project: null }, "0", "0.0004", "0.0004", null]],
      fell: [[{ project: "beta" }, "5.5", "1", "-4.5", -81.8]],
    });
    expect([report.changes.models.truncated, report.changes.teams.truncated, report.changes.projects.truncated]).toEqual([false, false, false]);
  });

  it("puts each budget against its periods in March: the month, every day of it, the quarter holding it", () => {
    const byName = Object.fromEntries(report.budgets.map((row) => [row.name, row.figures]));
    expect(byName["All spend"]).toEqual({
      start: "2026-03-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 1, ongoing: false,
      spent: "24.6254", amount: "20", percent: 123.1, status: "exceeded", exceeded: 1, unpriced_events: 0,
    });
    // $1 a day: over on the 1st ($20.50) and the 31st ($3.125), both counted in their local day.
    expect(byName["OpenAI daily"]).toEqual({
      start: "2026-03-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 31, ongoing: false,
      spent: "23.625", amount: "31", percent: 76.2, status: "exceeded", exceeded: 2, unpriced_events: 0,
    });
    // The whole first quarter: February's $5.50 and March's $1 for team ads.
    expect(byName["Ads quarterly"]).toEqual({
      start: "2026-01-01T08:00:00.000Z", end: "2026-04-01T07:00:00.000Z", periods: 1, ongoing: false,
      spent: "6.5", amount: "50", percent: 13, status: "ok", exceeded: 0, unpriced_events: 0,
    });
  });

  it("gives each budget's current period its forecast, marked approximate by its method and time", () => {
    // Budgets come oldest first; these three share a creation time, so compare them by name.
    expect(report.forecasts.map((row) => [row.name, row.period.start, row.period.end]).sort()).toEqual([
      ["Ads quarterly", "2026-04-01T07:00:00.000Z", "2026-07-01T07:00:00.000Z"],
      ["All spend", "2026-04-01T07:00:00.000Z", "2026-05-01T07:00:00.000Z"],
      ["OpenAI daily", "2026-04-15T07:00:00.000Z", "2026-04-16T07:00:00.000Z"],
    ]);
    const allSpend = report.forecasts.find((row) => row.name === "All spend")!;
    // April so far is the $100 of the 1st.
    expect(allSpend.spent).toBe("100");
    expect(allSpend.at_period_end.p10).toBeLessThanOrEqual(allSpend.at_period_end.p50);
    expect(allSpend.at_period_end.p50).toBeLessThanOrEqual(allSpend.at_period_end.p90);
    expect(allSpend.at_period_end.p50).toBeGreaterThanOrEqual(100);
  });

  it("counts the alerts fired in March by severity, its first instant in and the next month's out", () => {
    expect(report.alerts).toEqual({ info: 0, warning: 2, critical: 1, total: 3 });
  });

  it("shows February with March as the month after, and the month under way as so far", async () => {
    const february = await getMonthlyReport(viewer, "2026-02", NOW);
    expect(february.current.totals.cost).toBe("15.75");
    expect(february.change).toEqual({ amount: "15.75", percent: null });
    expect(february.alerts.info).toBe(1);
    const april = await getMonthlyReport(viewer, "2026-04", NOW);
    expect(april).toMatchObject({ state: "in_progress", current: { totals: { cost: "100" } } });
  });

  it("says empty when nothing was spent", async () => {
    const january = await getMonthlyReport(viewer, "2026-01", NOW);
    expect(january.current.totals).toEqual({ cost: "0", events: 0, errors: 0, unpriced_events: 0 });
    expect(january.services.rows).toEqual([]);
    expect(january.changes.models).toEqual({ rose: [], fell: [], truncated: false });
    // The first quarter holds January too, and counts whole.
    expect(january.budgets.map((row) => [row.name, row.figures.spent]).sort()).toEqual([["Ads quarterly", "6.5"], ["All spend", "0"], ["OpenAI daily", "0"]]);
  });

  it("refuses a month that is not YYYY-MM or has not begun in the organization's zone", async () => {
    await expect(getMonthlyReport(viewer, "2026-13", NOW)).rejects.toThrow(InvalidError);
    await expect(getMonthlyReport(viewer, "march", NOW)).rejects.toThrow(InvalidError);
    await expect(getMonthlyReport(viewer, "2026-05", NOW)).rejects.toThrow("May 2026 has not started yet in America/Los_Angeles.");
    // 1 May 03:00 UTC is still 30 April in Los Angeles.
    await expect(getMonthlyReport(viewer, "2026-05", Date.parse("2026-05-01T03:00:00Z"))).rejects.toThrow(InvalidError);
  });

  it("is not found for another organization's member, who reads none of it", async () => {
    await expect(resolveOrgContext(outsider.actor, owner.org.slug)).rejects.toThrow(NotFoundError);
    const forged: OrgContext = { org: owner.org, actor: outsider.actor };
    await expect(getMonthlyReport(forged, "2026-03", NOW)).rejects.toThrow(NotFoundError);
  });
});

describe("a half-hour zone (Asia/Kolkata)", () => {
  it("counts every event in exactly one month: the hour straddling local midnight in the month it starts in", async () => {
    const person = await newUser("report-kolkata");
    const slug = uniqueSlug("report-in");
    await createOrganization({ actor: person.actor }, { name: "Kolkata Co", slug, baseCurrency: "USD", timezone: "UTC" });
    // Set in SQL: some runtimes' Intl lists only the zone's older name (Asia/Calcutta) for the settings' picker.
    await sql`update public.organizations set timezone = 'Asia/Kolkata' where slug = ${slug}`;
    const ctx = await resolveOrgContext(person.actor, slug);
    await updateRetention(ctx, { retentionMonths: 120 });
    const key = (await newApiKey(ctx, ["ingest"])).secret;
    const events = [
      event("2026-02-28T18:15:00Z", "openai", "gpt-4o", "1"), // 28 Feb, 23:45 IST
      event("2026-02-28T18:45:00Z", "openai", "gpt-4o", "2"), // 1 Mar, 00:15 IST, in the UTC hour that began on 28 Feb
      event("2026-02-28T19:05:00Z", "openai", "gpt-4o", "4"), // 1 Mar, 00:35 IST
    ];
    expect((await callRoute(ingest as RouteHandler, key, "POST", "/events", {}, { events })).body).toMatchObject({ accepted: 3 });
    const march = await getMonthlyReport(ctx, "2026-03", NOW);
    expect(march.current).toMatchObject({ from: "2026-02-28T18:30:00.000Z", to: "2026-03-31T18:30:00.000Z", totals: { cost: "4", events: 1 } });
    expect(march.previous.totals).toMatchObject({ cost: "3", events: 2 });
  });
});
