/**
 * Automated actions through /api/v1 with real keys and real ingest: a dry run previews and saves
 * nothing; events crossing a rule's line switch its budget to hard in the batch's own commit (the
 * next check is denied) or take a scope from a key; runs wait for approval when asked; undo puts
 * things back; read keys cannot change anything; another organization's ids are 404 and nothing
 * changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteAction } from "../../app/api/v1/alert-actions/[id]/route.ts";
import { GET as listActions, POST as createAction } from "../../app/api/v1/alert-actions/route.ts";
import { PATCH as decideRun } from "../../app/api/v1/alert-action-runs/[id]/route.ts";
import { GET as listRuns } from "../../app/api/v1/alert-action-runs/route.ts";
import { POST as check } from "../../app/api/v1/check/route.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { insertBudget, ruleOf } from "./alerts-support.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { superuserSql } from "./org-support.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let orgA: OrgContext;
let orgB: OrgContext;
const keys: Record<string, string> = {};

async function send(events: { cost: string }[]) {
  const body = { events: events.map((event) => ({ id: `act-${randomUUID()}`, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", currency: "USD", ...event })) };
  const response = await callRoute(ingest as RouteHandler, keys.ingest, "POST", "/events", {}, body);
  expect(response.body).toMatchObject({ accepted: events.length, rejected: [] });
}

const enforcement = async (budgetId: string) => (await sql<{ enforcement: string }[]>`select enforcement from public.budgets where id = ${budgetId}`)[0].enforcement;

/** A fresh org-A budget of $10 (this month, UTC) and its 80 % rule. */
async function budgetWithRule(name: string) {
  const budgetId = await insertBudget(sql, orgA.org.id, name, "10");
  return { budgetId, ruleId: await ruleOf(sql, budgetId, "actual", 80) };
}

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "act-a")).owner, (await teamOrg(sql, "act-b")).owner];
  keys.write = (await newApiKey(orgA, ["read", "write"])).secret;
  keys.read = (await newApiKey(orgA, ["read"])).secret;
  keys.ingest = (await newApiKey(orgA, ["ingest"])).secret;
  keys.check = (await newApiKey(orgA, ["check"])).secret;
  keys.otherWrite = (await newApiKey(orgB, ["read", "write"])).secret;
});

describe("automated actions on alert rules", () => {
  it("preview with a dry run, save nothing, and refuse what cannot work", async () => {
    const { budgetId, ruleId } = await budgetWithRule("Preview");
    const dry = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "enforce_hard", dry_run: true });
    expect(dry).toMatchObject({ status: 200, body: { action: null, preview: { would_change: true, description: expect.stringContaining('"Preview" from soft to hard') } } });
    expect((await callRoute(listActions as RouteHandler, keys.read, "GET", `/alert-actions?rule_id=${ruleId}`)).body).toEqual({ actions: [] });
    expect(await enforcement(budgetId)).toBe("soft");
    const [{ audits }] = await sql<{ audits: number }[]>`select count(*)::int as audits from public.audit_log where entity_id = ${budgetId} and action = 'budget.updated'`;
    expect(audits).toBe(0);

    const [health] = await sql<{ id: string }[]>`
      insert into public.alert_rules (org_id, kind, threshold, service, metric, window_minutes, min_requests)
      values (${orgA.org.id}, 'health', 5, 'openai', 'error_rate', 15, 10) returning id`;
    const noBudget = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: health.id, kind: "enforce_hard" });
    expect(noBudget).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("watches no budget") } } });
    const noKey = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "suspend_key_scope", scope: "check" });
    expect(noKey.status).toBe(400);
    const readOnly = await callRoute(createAction as RouteHandler, keys.read, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "enforce_hard" });
    expect(readOnly.status).toBe(403);
  });

  it("switch a budget to hard enforcement with the batch that crossed its line, and undo it", async () => {
    const { budgetId, ruleId } = await budgetWithRule("Guarded");
    const created = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "enforce_hard" });
    expect(created).toMatchObject({ status: 201, body: { action: { rule_id: ruleId, kind: "enforce_hard", requires_approval: false } } });

    await send([{ cost: "8.5" }]);
    // Committed with the batch: the very next check sees a hard budget.
    expect(await enforcement(budgetId)).toBe("hard");
    const denied = await callRoute(check as RouteHandler, keys.check, "POST", "/check", {}, { estimated_cost: "5" });
    expect(denied.body).toMatchObject({ decision: "deny", reason: "exceeds_remaining" });

    const [alert] = await sql<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId}`;
    const { body } = await callRoute(listRuns as RouteHandler, keys.read, "GET", `/alert-action-runs?alert_id=${alert.id}`);
    expect(body.runs).toMatchObject([{ kind: "enforce_hard", status: "done", target: { budget_id: budgetId }, did: { enforcement_before: "soft" } }]);
    const undone = await callRoute(decideRun as RouteHandler, keys.write, "PATCH", `/alert-action-runs/${body.runs[0].id}`, { id: body.runs[0].id }, { status: "undone" });
    expect(undone).toMatchObject({ status: 200, body: { run: { status: "undone", undone_at: expect.any(String) } } });
    expect(await enforcement(budgetId)).toBe("soft");
    // PATCH is idempotent: undoing again changes nothing; approving an undone run is refused.
    const again = await callRoute(decideRun as RouteHandler, keys.write, "PATCH", `/alert-action-runs/${body.runs[0].id}`, { id: body.runs[0].id }, { status: "undone" });
    expect(again.body).toMatchObject({ run: { status: "undone", undone_at: undone.body.run.undone_at } });
    expect(await enforcement(budgetId)).toBe("soft");
    const redo = await callRoute(decideRun as RouteHandler, keys.write, "PATCH", `/alert-action-runs/${body.runs[0].id}`, { id: body.runs[0].id }, { status: "done" });
    expect(redo.status).toBe(409);
  });

  it("wait for approval when asked, and take a scope from a key once approved", async () => {
    const { ruleId } = await budgetWithRule("Approved");
    const agent = await newApiKey(orgA, ["check", "read"]);
    await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, {
      rule_id: ruleId, kind: "suspend_key_scope", api_key_id: agent.id, scope: "check", requires_approval: true,
    });
    await send([{ cost: "9" }]);
    const [alert] = await sql<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId}`;
    const { body } = await callRoute(listRuns as RouteHandler, keys.read, "GET", `/alert-action-runs?alert_id=${alert.id}`);
    expect(body.runs).toMatchObject([{ status: "awaiting_approval", did: null }]);
    expect((await sql<{ scopes: string[] }[]>`select scopes from public.api_keys where id = ${agent.id}`)[0].scopes.sort()).toEqual(["check", "read"]);

    const approved = await callRoute(decideRun as RouteHandler, keys.write, "PATCH", `/alert-action-runs/${body.runs[0].id}`, { id: body.runs[0].id }, { status: "done" });
    expect(approved.body).toMatchObject({ run: { status: "done", did: { scope_removed: "check" } } });
    // The agent's key (never used yet, so not cached) can no longer check.
    const refused = await callRoute(check as RouteHandler, agent.secret, "POST", "/check", {}, { estimated_cost: "1" });
    expect(refused.status).toBe(403);
  });

  it("answer another organization's ids as not found and change nothing", async () => {
    const { budgetId, ruleId } = await budgetWithRule("Theirs to keep");
    const { body: created } = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "enforce_hard" });
    await send([{ cost: "9.5" }]);
    const [alert] = await sql<{ id: string }[]>`select id from public.alerts where rule_id = ${ruleId}`;
    const [run] = await sql<{ id: string }[]>`select id from public.alert_action_runs where alert_id = ${alert.id}`;

    expect((await callRoute(decideRun as RouteHandler, keys.otherWrite, "PATCH", `/alert-action-runs/${run.id}`, { id: run.id }, { status: "undone" })).status).toBe(404);
    expect((await callRoute(listRuns as RouteHandler, keys.otherWrite, "GET", `/alert-action-runs?alert_id=${alert.id}`)).status).toBe(404);
    expect((await callRoute(listActions as RouteHandler, keys.otherWrite, "GET", `/alert-actions?rule_id=${ruleId}`)).status).toBe(404);
    expect((await callRoute(deleteAction as RouteHandler, keys.otherWrite, "DELETE", `/alert-actions/${created.action.id}`, { id: created.action.id })).status).toBe(404);
    const theirRule = await callRoute(createAction as RouteHandler, keys.otherWrite, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "enforce_hard" });
    expect(theirRule.status).toBe(400);

    expect(await enforcement(budgetId)).toBe("hard");
    expect((await sql<{ status: string }[]>`select status from public.alert_action_runs where id = ${run.id}`)[0].status).toBe("done");
    expect(await sql`select 1 from public.alert_actions where id = ${created.action.id}`).toHaveLength(1);
    // Deleted by its own organization, its run stays as history.
    expect((await callRoute(deleteAction as RouteHandler, keys.write, "DELETE", `/alert-actions/${created.action.id}`, { id: created.action.id })).status).toBe(204);
    expect((await sql<{ action_id: string | null }[]>`select action_id from public.alert_action_runs where id = ${run.id}`)[0].action_id).toBeNull();
  });
});
