/**
 * Alert and alert-rule services against the real stack, as signed-in users under RLS: the alert
 * list with filters and keyset pages, one alert with its delivery log (admins only), acknowledging
 * (members yes, viewers no, only open alerts, a note of at most 1,000 characters), the open count;
 * rules created, changed and deleted by admins with validation per kind, recipients of the
 * organization only, and evaluation at once; another organization's ids are not found and nothing
 * changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { actualFacts, fireAlert, insertBudget, resolveAlert, ruleOf } from "./alerts-support.ts";
import { acknowledgeAlert, NOT_OPEN } from "../../lib/services/alerts/acknowledge-alert.ts";
import { countOpenAlerts } from "../../lib/services/alerts/count-open-alerts.ts";
import { createAlertRule } from "../../lib/services/alerts/create-alert-rule.ts";
import { deleteAlertRule } from "../../lib/services/alerts/delete-alert-rule.ts";
import { getAlert } from "../../lib/services/alerts/get-alert.ts";
import { getAlertRule } from "../../lib/services/alerts/get-alert-rule.ts";
import { listAlertRules } from "../../lib/services/alerts/list-alert-rules.ts";
import { listAlerts } from "../../lib/services/alerts/list-alerts.ts";
import { MUTED_INDEFINITELY } from "../../lib/services/alerts/rule-schemas.ts";
import { updateAlertRule } from "../../lib/services/alerts/update-alert-rule.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let admin: OrgContext;
let member: OrgContext;
let viewer: OrgContext;
let outsider: OrgContext;
let budgetId: string;
let otherBudgetId: string;
const alerts: Record<string, string> = {};

/** The service error a call fails with (code, message and field errors), or a failed expectation. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  const { code, message, fieldErrors } = error as ServiceError;
  return { code, message, fields: Object.keys(fieldErrors ?? {}) };
}

beforeAll(async () => {
  const team = await teamOrg(sql, "alerts");
  admin = team.owner;
  member = await team.as("member");
  viewer = await team.as("viewer");
  outsider = (await teamOrg(sql, "alerts-other")).owner;
  budgetId = await insertBudget(sql, admin.org.id, "OpenAI monthly");
  otherBudgetId = await insertBudget(sql, outsider.org.id, "Someone else's");
  // The budget's creator is null (inserted by SQL), so its default rules go to the owner.
  alerts.info = await fireAlert(sql, admin.org.id, await ruleOf(sql, budgetId, "actual", 50), actualFacts(50, "512.40"));
  alerts.warning = await fireAlert(sql, admin.org.id, await ruleOf(sql, budgetId, "actual", 80), actualFacts(80, "812.40"), "muted");
  alerts.critical = await fireAlert(sql, admin.org.id, await ruleOf(sql, budgetId, "actual", 100), actualFacts(100, "1002"));
  await resolveAlert(sql, admin.org.id, alerts.critical);
  alerts.outsider = await fireAlert(sql, outsider.org.id, await ruleOf(sql, otherBudgetId, "actual", 50), actualFacts(50, "600"));
});

describe("alerts", () => {
  it("list newest first with the budget, facts and delivery; filter by status, severity and kind", async () => {
    const { alerts: all, next_cursor } = await listAlerts(byUser(viewer), {});
    expect(all.map((alert) => alert.id)).toEqual([alerts.critical, alerts.warning, alerts.info]);
    expect(next_cursor).toBeNull();
    expect(all[2]).toMatchObject({
      budget_name: "OpenAI monthly", kind: "actual", severity: "info", status: "open", delivery: "sent", subject: "",
      facts: { kind: "actual", spent: "512.40", threshold: 50 }, period_start: expect.stringMatching(/-01T00:00:00.000Z$/),
      notified: null,
    });
    expect(all[0]).toMatchObject({ status: "resolved", resolved_reason: "condition_cleared" });
    expect(all[1].delivery).toBe("muted");

    const open = await listAlerts(byUser(viewer), { status: "open" });
    expect(open.alerts.map((alert) => alert.id)).toEqual([alerts.warning, alerts.info]);
    expect((await listAlerts(byUser(viewer), { severity: "critical" })).alerts.map((alert) => alert.id)).toEqual([alerts.critical]);
    expect((await listAlerts(byUser(viewer), { kind: "forecast" })).alerts).toEqual([]);
    expect((await listAlerts(byUser(viewer), { budget_id: budgetId })).alerts).toHaveLength(3);
    expect((await listAlerts(byUser(viewer), { budget_id: otherBudgetId })).alerts).toEqual([]);
  });

  it("page by keyset: each page continues where the last one stopped, and a forged cursor is refused", async () => {
    const first = await listAlerts(byUser(admin), { limit: 2 });
    expect(first.alerts.map((alert) => alert.id)).toEqual([alerts.critical, alerts.warning]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await listAlerts(byUser(admin), { limit: 2, cursor: first.next_cursor ?? "" });
    expect(second).toMatchObject({ alerts: [expect.objectContaining({ id: alerts.info })], next_cursor: null });
    expect(await failure(listAlerts(byUser(admin), { cursor: "not-a-cursor" }))).toMatchObject({ code: "invalid", fields: ["cursor"] });
    expect(await failure(listAlerts(byUser(admin), { status: "closed" as "open" }))).toMatchObject({ code: "invalid", fields: ["status"] });
  });

  it("show admins the delivery log and counts; members the alert without them", async () => {
    const asAdmin = await getAlert(byUser(admin), alerts.info);
    expect(asAdmin.alert.notified).toEqual({ email: 1, sms: 0, webhook: 0 });
    expect(asAdmin.notifications).toEqual([
      expect.objectContaining({ purpose: "alert_fired", channel: "email", destination: admin.actor.email, attempts: expect.any(Number) }),
    ]);
    const asMember = await getAlert(byUser(member), alerts.info);
    expect(asMember).toMatchObject({ alert: { id: alerts.info, notified: null }, notifications: null });
    // The muted one told nobody.
    expect((await getAlert(byUser(admin), alerts.warning)).notifications).toEqual([]);
  });

  it("let members acknowledge an open alert with a note, once; never viewers", async () => {
    expect(await failure(acknowledgeAlert(byUser(viewer), alerts.info, { note: "seen" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(acknowledgeAlert(byUser(member), alerts.info, { note: "x".repeat(1001) }))).toMatchObject({ code: "invalid", fields: ["note"] });
    expect(await countOpenAlerts(byUser(viewer))).toBe(2);

    const acknowledged = await acknowledgeAlert(byUser(member), alerts.info, { note: "  Raised the budget next month.  " });
    expect(acknowledged).toMatchObject({
      status: "acknowledged", ack_note: "Raised the budget next month.", acknowledged_by: member.actor.userId,
      acknowledged_by_email: member.actor.email, acknowledged_at: expect.any(String),
    });
    expect(await countOpenAlerts(byUser(viewer))).toBe(1);
    expect(await failure(acknowledgeAlert(byUser(admin), alerts.info, {}))).toEqual({ code: "conflict", message: NOT_OPEN, fields: [] });
    expect(await failure(acknowledgeAlert(byUser(admin), alerts.critical, {}))).toMatchObject({ code: "conflict" });
    // An empty note is no note.
    expect(await acknowledgeAlert(byUser(admin), alerts.warning, { note: "   " })).toMatchObject({ status: "acknowledged", ack_note: null });
  });

  it("answer not found for another organization's alert and change nothing", async () => {
    const before = await sql`select * from public.alerts where id = ${alerts.outsider}`;
    expect(await failure(acknowledgeAlert(byUser(admin), alerts.outsider, { note: "mine now" }))).toMatchObject({ code: "not_found" });
    expect(await failure(getAlert(byUser(admin), alerts.outsider))).toMatchObject({ code: "not_found" });
    expect(await sql`select * from public.alerts where id = ${alerts.outsider}`).toEqual(before);
    expect(before[0].status).toBe("open");
  });
});

describe("alert rules", () => {
  it("list a budget's default rules to viewers; another organization's budget is not found", async () => {
    const rules = await listAlertRules(byUser(viewer), { budget_id: budgetId });
    expect(rules.map((rule) => [rule.kind, rule.threshold, rule.severity])).toEqual([
      ["actual", 50, "info"], ["actual", 80, "warning"], ["actual", 100, "critical"], ["forecast", 100, "warning"],
    ]);
    expect(rules[0]).toMatchObject({ member_ids: [admin.actor.userId], channel_ids: [], cooldown_minutes: 60, enabled: true, muted_until: null });
    expect(await failure(listAlertRules(byUser(admin), { budget_id: otherBudgetId }))).toMatchObject({ code: "not_found" });
    expect(await failure(getAlertRule(byUser(admin), await ruleOf(sql, otherBudgetId, "actual", 50)))).toMatchObject({ code: "not_found" });
  });

  it("refuse rules from members and viewers", async () => {
    const rule = { kind: "actual" as const, budget_id: budgetId, threshold: 90 };
    expect(await failure(createAlertRule(byUser(member), rule))).toMatchObject({ code: "forbidden", message: "Only admins and owners can change alert rules." });
    expect(await failure(createAlertRule(byUser(viewer), rule))).toMatchObject({ code: "forbidden" });
  });

  it("validate each kind's fields with messages per field", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ kind: "actual", budget_id: budgetId, threshold: 0 }, ["threshold"]],
      [{ kind: "forecast", budget_id: budgetId, threshold: 1001 }, ["threshold"]],
      [{ kind: "actual", budget_id: budgetId, threshold: 90, cooldown_minutes: 10_081 }, ["cooldown_minutes"]],
      [{ kind: "actual", budget_id: budgetId, threshold: 90, muted_until: new Date(Date.now() - 60_000).toISOString() }, ["muted_until"]],
      [{ kind: "actual", budget_id: budgetId, threshold: 90, service: "openai" }, [""]],
      [{ kind: "anomaly", budget_id: budgetId, window_minutes: 60 }, ["min_amount"]],
      [{ kind: "anomaly", budget_id: budgetId, window_minutes: 30, min_amount: "5" }, ["window_minutes"]],
      [{ kind: "health", service: "openai", metric: "error_rate", threshold: 150 }, ["threshold"]],
      [{ kind: "health", service: "openai", metric: "p95_latency", threshold: 2000, window_minutes: 2 }, ["window_minutes"]],
      [{ kind: "health", service: " ", metric: "availability", threshold: 5 }, ["metric", "service"]],
      [{ kind: "budget", threshold: 5 }, ["kind"]],
    ];
    for (const [input, fields] of cases) {
      const answer = await failure(createAlertRule(byUser(admin), input as Parameters<typeof createAlertRule>[1]));
      expect(answer.code, JSON.stringify(input)).toBe("invalid");
      if (fields[0] !== "") expect(answer.fields.sort(), JSON.stringify(input)).toEqual(fields);
    }
  });

  it("accept only the organization's budget, members and channels as recipients", async () => {
    const [channel] = await sql<{ id: string }[]>`
      insert into public.notification_channels (org_id, kind, name, destination) values (${outsider.org.id}, 'email', 'Theirs', ${`x-${randomUUID()}@example.test`}) returning id`;
    const base = { kind: "actual" as const, budget_id: budgetId, threshold: 95 };
    expect(await failure(createAlertRule(byUser(admin), { ...base, budget_id: otherBudgetId }))).toMatchObject({ code: "invalid", fields: ["budget_id"] });
    expect(await failure(createAlertRule(byUser(admin), { ...base, member_ids: [outsider.actor.userId] }))).toMatchObject({ code: "invalid", fields: ["member_ids"] });
    expect(await failure(createAlertRule(byUser(admin), { ...base, channel_ids: [channel.id] }))).toMatchObject({ code: "invalid", fields: ["channel_ids"] });
    expect((await sql`select count(*)::int as n from public.alert_rules where budget_id = ${budgetId} and threshold = 95`)[0].n).toBe(0);
  });

  it("create, change, mute, turn off and delete rules of each kind", async () => {
    const anomaly = await createAlertRule(byUser(admin), {
      kind: "anomaly", budget_id: budgetId, min_amount: "12.50", member_ids: [member.actor.userId, member.actor.userId], severity: "critical",
    });
    expect(anomaly).toMatchObject({ kind: "anomaly", threshold: 4, window_minutes: 60, min_amount: "12.50", member_ids: [member.actor.userId], severity: "critical", service: null });
    const health = await createAlertRule(byUser(admin), { kind: "health", service: "openai", metric: "p95_latency", threshold: 2500 });
    expect(health).toMatchObject({ budget_id: null, window_minutes: 15, min_requests: 20, metric: "p95_latency", threshold: 2500 });

    // A metric switched to error_rate keeps its threshold, which no error rate can be.
    expect(await failure(updateAlertRule(byUser(admin), health.id, { metric: "error_rate" }))).toMatchObject({ code: "invalid", fields: ["threshold"] });
    expect(await failure(updateAlertRule(byUser(admin), anomaly.id, { service: "openai" }))).toMatchObject({ code: "invalid", fields: ["service"] });
    expect(await updateAlertRule(byUser(admin), health.id, { metric: "error_rate", threshold: 5, min_requests: 50 })).toMatchObject({ metric: "error_rate", threshold: 5, min_requests: 50, service: "openai" });

    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect((await updateAlertRule(byUser(admin), anomaly.id, { muted_until: inAnHour })).muted_until).toBe(inAnHour);
    expect((await updateAlertRule(byUser(admin), anomaly.id, { muted_until: MUTED_INDEFINITELY })).muted_until).toBe(MUTED_INDEFINITELY);
    expect(await updateAlertRule(byUser(admin), anomaly.id, { muted_until: null, enabled: false })).toMatchObject({ muted_until: null, enabled: false, min_amount: "12.50" });
    expect(await failure(updateAlertRule(byUser(member), anomaly.id, { enabled: true }))).toMatchObject({ code: "forbidden" });

    await deleteAlertRule(byUser(admin), anomaly.id);
    expect(await failure(getAlertRule(byUser(admin), anomaly.id))).toMatchObject({ code: "not_found" });
    expect((await listAlertRules(byUser(admin), { kind: "health" })).map((rule) => rule.id)).toEqual([health.id]);
  });

  it("answer not found for another organization's rule and change nothing", async () => {
    const theirs = await ruleOf(sql, otherBudgetId, "actual", 80);
    const before = await sql`select * from public.alert_rules where id = ${theirs}`;
    expect(await failure(updateAlertRule(byUser(admin), theirs, { threshold: 10, muted_until: MUTED_INDEFINITELY }))).toMatchObject({ code: "not_found" });
    expect(await failure(deleteAlertRule(byUser(admin), theirs))).toMatchObject({ code: "not_found" });
    expect(await sql`select * from public.alert_rules where id = ${theirs}`).toEqual(before);
  });

  it("evaluate a new or changed budget rule at once: a threshold already passed fires now", async () => {
    const spent = await insertBudget(sql, admin.org.id, "Already spent", "100");
    const result = await ingestEvents({ org: admin.org, source: "api", apiKeyId: null, userId: null }, [
      { id: `a-${randomUUID()}`, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "m", cost: "90", currency: "USD" },
    ]);
    expect(result.accepted).toBe(1);
    const before = await listAlerts(byUser(admin), { budget_id: spent });
    const rule = await createAlertRule(byUser(admin), { kind: "actual", budget_id: spent, threshold: 85, severity: "critical" });
    const fired = (await listAlerts(byUser(admin), { budget_id: spent })).alerts.filter((alert) => alert.rule_id === rule.id);
    expect(fired).toEqual([expect.objectContaining({ status: "open", severity: "critical", facts: expect.objectContaining({ kind: "actual", threshold: 85, spent: "90" }) })]);
    expect(before.alerts.some((alert) => alert.rule_id === rule.id)).toBe(false);

    // A rule turned off fires nothing new; turned back on, it fires at once again if its alert had resolved.
    const off = await createAlertRule(byUser(admin), { kind: "actual", budget_id: spent, threshold: 70, enabled: false });
    expect((await listAlerts(byUser(admin), { budget_id: spent })).alerts.some((alert) => alert.rule_id === off.id)).toBe(false);
    await updateAlertRule(byUser(admin), off.id, { enabled: true });
    expect((await listAlerts(byUser(admin), { budget_id: spent })).alerts.filter((alert) => alert.rule_id === off.id)).toHaveLength(1);
  });
});
