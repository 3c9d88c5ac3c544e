/**
 * /api/v1/alerts and /api/v1/alert-rules with real Requests through the wrapper and real keys:
 * scopes (read for GET, write for the rest), filters and cursors, acknowledging (409 when not
 * open), rules created, changed and deleted with validation in the one error shape; another
 * organization's ids are 404 and nothing changes; the OpenAPI document lists them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { apiKeySecret, callRoute, teamOrg } from "./api-support.ts";
import { actualFacts, fireAlert, insertBudget, ruleOf } from "./alerts-support.ts";
import { GET as listAlerts } from "../../app/api/v1/alerts/route.ts";
import { POST as ack } from "../../app/api/v1/alerts/[id]/ack/route.ts";
import { GET as listRules, POST as createRule } from "../../app/api/v1/alert-rules/route.ts";
import { DELETE as deleteRule, GET as getRule, PATCH as patchRule } from "../../app/api/v1/alert-rules/[id]/route.ts";
import { GET as openApi } from "../../app/api/v1/openapi.json/route.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let orgA: OrgContext;
let orgB: OrgContext;
let budgetA: string;
let budgetB: string;
const keys: Record<string, string> = {};
const alerts: Record<string, string> = {};

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "aapi-a")).owner, (await teamOrg(sql, "aapi-b")).owner];
  keys.read = await apiKeySecret(orgA, ["read"]);
  keys.write = await apiKeySecret(orgA, ["read", "write"]);
  keys.ingest = await apiKeySecret(orgA, ["ingest"]);
  keys.otherWrite = await apiKeySecret(orgB, ["read", "write"]);
  budgetA = await insertBudget(sql, orgA.org.id, "API budget");
  budgetB = await insertBudget(sql, orgB.org.id, "Their budget");
  alerts.first = await fireAlert(sql, orgA.org.id, await ruleOf(sql, budgetA, "actual", 50), actualFacts(50, "500"));
  alerts.second = await fireAlert(sql, orgA.org.id, await ruleOf(sql, budgetA, "actual", 80), actualFacts(80, "800.25"));
  alerts.theirs = await fireAlert(sql, orgB.org.id, await ruleOf(sql, budgetB, "actual", 50), actualFacts(50, "501"));
});

describe("/api/v1/alerts", () => {
  it("lists with the read scope, newest first, with filters and a cursor", async () => {
    const page = await callRoute(listAlerts, keys.read, "GET", "/alerts?limit=1");
    expect(page.status).toBe(200);
    expect(page.body.alerts).toEqual([expect.objectContaining({
      id: alerts.second, budget_id: budgetA, budget_name: "API budget", kind: "actual", severity: "warning", status: "open", delivery: "sent",
      facts: { kind: "actual", currency: "USD", threshold: 80, amount: "1000", spent: "800.25", percent: 80.03 }, acknowledged_by: null, resolved_facts: null,
    })]);
    expect(page.body.alerts[0]).not.toHaveProperty("notified");
    const next = await callRoute(listAlerts, keys.read, "GET", `/alerts?limit=1&cursor=${page.body.next_cursor}`);
    expect(next.body).toEqual({ alerts: [expect.objectContaining({ id: alerts.first })], next_cursor: null });
    expect((await callRoute(listAlerts, keys.read, "GET", "/alerts?severity=info")).body.alerts.map((a: { id: string }) => a.id)).toEqual([alerts.first]);
    expect((await callRoute(listAlerts, keys.read, "GET", `/alerts?budget_id=${budgetB}`)).body.alerts).toEqual([]);
  });

  it("refuses unknown parameters, bad values and keys without the read scope", async () => {
    const bad = await callRoute(listAlerts, keys.read, "GET", "/alerts?status=closed&colour=red&limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path[0] ?? "").sort()).toEqual(["", "limit", "status"]);
    expect((await callRoute(listAlerts, keys.read, "GET", "/alerts?cursor=abc")).body.error).toMatchObject({ code: "validation_failed", details: { cursor: expect.any(Array) } });
    expect((await callRoute(listAlerts, keys.ingest, "GET", "/alerts")).status).toBe(403);
  });

  it("acknowledges with the write scope and a note, once", async () => {
    expect((await callRoute(ack, keys.read, "POST", `/alerts/${alerts.first}/ack`, { id: alerts.first }, {})).body.error.details).toEqual({ required_scope: "write" });
    expect((await callRoute(ack, keys.write, "POST", `/alerts/${alerts.first}/ack`, { id: alerts.first }, { note: "x".repeat(1001) })).status).toBe(400);
    expect((await callRoute(ack, keys.write, "POST", `/alerts/${alerts.first}/ack`, { id: alerts.first }, { note: 1 })).status).toBe(400);
    const done = await callRoute(ack, keys.write, "POST", `/alerts/${alerts.first}/ack`, { id: alerts.first }, { note: "Known: load test" });
    expect(done).toMatchObject({ status: 200, body: { alert: { id: alerts.first, status: "acknowledged", ack_note: "Known: load test", acknowledged_by: null, acknowledged_at: expect.any(String) } } });
    const again = await callRoute(ack, keys.write, "POST", `/alerts/${alerts.first}/ack`, { id: alerts.first }, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: "conflict", message: expect.stringContaining("Only an open alert") } } });
    expect((await callRoute(ack, keys.write, "POST", "/alerts/nope/ack", { id: "nope" }, {})).status).toBe(400);
  });

  it("answers 404 for another organization's alert and changes nothing", async () => {
    const before = await sql`select * from public.alerts where id = ${alerts.theirs}`;
    const answer = await callRoute(ack, keys.write, "POST", `/alerts/${alerts.theirs}/ack`, { id: alerts.theirs }, { note: "not mine" });
    expect(answer).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await sql`select * from public.alerts where id = ${alerts.theirs}`).toEqual(before);
    expect((await callRoute(listAlerts, keys.otherWrite, "GET", "/alerts")).body.alerts.map((a: { id: string }) => a.id)).toEqual([alerts.theirs]);
  });
});

describe("/api/v1/alert-rules", () => {
  let ruleId: string;

  it("lists a budget's rules with read; another organization's budget is 404", async () => {
    const rules = await callRoute(listRules, keys.read, "GET", `/alert-rules?budget_id=${budgetA}`);
    expect(rules.status).toBe(200);
    expect(rules.body.rules.map((r: { kind: string; threshold: number }) => `${r.kind} ${r.threshold}`)).toEqual(["actual 50", "actual 80", "actual 100", "forecast 100"]);
    expect((await callRoute(listRules, keys.read, "GET", `/alert-rules?budget_id=${budgetB}`)).status).toBe(404);
    expect((await callRoute(listRules, keys.read, "GET", "/alert-rules?kind=health")).body).toEqual({ rules: [] });
  });

  it("creates with write: 201 with defaults, 400 with details for bad input and others' channels, 403 with read", async () => {
    const created = await callRoute(createRule, keys.write, "POST", "/alert-rules", {}, { kind: "forecast", budget_id: budgetA, threshold: 90, cooldown_minutes: 0 });
    expect(created).toMatchObject({ status: 201, body: { rule: { kind: "forecast", budget_id: budgetA, threshold: 90, severity: "warning", cooldown_minutes: 0, enabled: true, muted_until: null, member_ids: [], channel_ids: [] } } });
    ruleId = created.body.rule.id;

    const bad = await callRoute(createRule, keys.write, "POST", "/alert-rules", {}, { kind: "health", service: "openai", metric: "error_rate", threshold: 101, window_minutes: 4 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path[0]).sort()).toEqual(["threshold", "window_minutes"]);
    const [theirChannel] = await sql<{ id: string }[]>`
      insert into public.notification_channels (org_id, kind, name, destination) values (${orgB.org.id}, 'sms', 'Theirs', '+14155550142') returning id`;
    const foreign = await callRoute(createRule, keys.write, "POST", "/alert-rules", {}, { kind: "actual", budget_id: budgetA, threshold: 70, channel_ids: [theirChannel.id] });
    expect(foreign).toMatchObject({ status: 400, body: { error: { code: "validation_failed", details: { channel_ids: expect.any(Array) } } } });
    expect((await callRoute(createRule, keys.write, "POST", "/alert-rules", {}, { kind: "actual", budget_id: budgetB, threshold: 70 })).status).toBe(400);
    expect((await callRoute(createRule, keys.read, "POST", "/alert-rules", {}, { kind: "actual", budget_id: budgetA, threshold: 70 })).status).toBe(403);
  });

  it("gets, patches only the fields sent, and deletes", async () => {
    expect((await callRoute(getRule, keys.read, "GET", `/alert-rules/${ruleId}`, { id: ruleId })).body.rule.threshold).toBe(90);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const muted = await callRoute(patchRule, keys.write, "PATCH", `/alert-rules/${ruleId}`, { id: ruleId }, { muted_until: until, severity: "critical" });
    expect(muted).toMatchObject({ status: 200, body: { rule: { muted_until: until, severity: "critical", threshold: 90, kind: "forecast" } } });
    expect((await callRoute(patchRule, keys.write, "PATCH", `/alert-rules/${ruleId}`, { id: ruleId }, { kind: "actual" })).status).toBe(400);
    expect((await callRoute(patchRule, keys.write, "PATCH", `/alert-rules/${ruleId}`, { id: ruleId }, { min_requests: 5 })).body.error).toMatchObject({ code: "validation_failed", details: { min_requests: expect.any(Array) } });
    expect((await callRoute(deleteRule, keys.read, "DELETE", `/alert-rules/${ruleId}`, { id: ruleId })).status).toBe(403);
    expect((await callRoute(deleteRule, keys.write, "DELETE", `/alert-rules/${ruleId}`, { id: ruleId })).status).toBe(204);
    expect((await callRoute(getRule, keys.read, "GET", `/alert-rules/${ruleId}`, { id: ruleId })).status).toBe(404);
  });

  it("answers 404 for another organization's rule and changes nothing", async () => {
    const theirs = await ruleOf(sql, budgetB, "actual", 80);
    const before = await sql`select * from public.alert_rules where id = ${theirs}`;
    for (const [handler, method, body] of [[getRule, "GET", undefined], [patchRule, "PATCH", { enabled: false }], [deleteRule, "DELETE", undefined]] as const) {
      const answer = await callRoute(handler, keys.write, method, `/alert-rules/${theirs}`, { id: theirs }, body);
      expect(answer, method).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect(await sql`select * from public.alert_rules where id = ${theirs}`).toEqual(before);
  });
});

describe("the OpenAPI document", () => {
  it("documents the alert endpoints with their scopes and schemas", async () => {
    const document = await openApi(new Request("https://spend.example/api/v1/openapi.json")).json();
    expect(document.paths["/alerts"].get["x-required-scope"]).toBe("read");
    expect(document.paths["/alerts"].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["budget_id", "cursor", "kind", "limit", "severity", "status"]);
    expect(document.paths["/alerts/{id}/ack"].post).toMatchObject({ "x-required-scope": "write", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/AlertAcknowledge" } } } } });
    expect(document.paths["/alerts/{id}/ack"].post.responses["409"]).toEqual({ $ref: "#/components/responses/409" });
    expect(Object.keys(document.paths["/alert-rules/{id}"]).sort()).toEqual(["delete", "get", "parameters", "patch"]);
    expect(document.paths["/alert-rules"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/AlertRuleCreate" });
    const kinds = document.components.schemas.AlertRuleCreate.oneOf;
    expect(kinds.map((kind: { properties: { kind: { const: string } } }) => kind.properties.kind.const)).toEqual(["actual", "forecast", "anomaly", "health", "reconciliation"]);
    expect(kinds[0].properties.threshold).toMatchObject({ minimum: 1, maximum: 1000 });
    expect(document.components.schemas.Alert.properties.status.enum).toEqual(["open", "acknowledged", "resolved"]);
    expect(document.components.schemas.AlertRule.properties.min_amount).toEqual({ type: ["string", "null"] });
  });
});
