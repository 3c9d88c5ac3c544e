/**
 * Stopping Make scenarios from an alert rule, end to end against a fake Make API on loopback: the
 * connector is tried before it is saved; the dry run names exactly the tagged scenarios; events
 * crossing the rule's line queue a run that the stack's own run-alert-actions edge function (real
 * Deno, poked after commit) carries out; undo and the alert resolving start the same scenarios
 * again and nothing else; Make's rate limit is retried, a refused token fails the run and marks the
 * connector; a stop that fails part-way can still be undone; another organization's connector is
 * refused and nothing changes.
 *
 * The stack's edge functions were started with MAKE_BASE_URL pointing at integrationPorts.make
 * (global-setup.ts), where this file's fake listens; the app's services get the same URL here.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listActions, POST as createAction } from "../../app/api/v1/alert-actions/route.ts";
import { PATCH as decideRun } from "../../app/api/v1/alert-action-runs/[id]/route.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { runAlertActions } from "../../lib/automations/run-alert-actions.ts";
import { checkMakeConnector } from "../../lib/services/connectors/check-make-connector.ts";
import { createMakeConnector } from "../../lib/services/connectors/create-make-connector.ts";
import { deleteConnector } from "../../lib/services/connectors/delete-connector.ts";
import { listConnectors } from "../../lib/services/connectors/list-connectors.ts";
import { replaceConnectorToken } from "../../lib/services/connectors/replace-connector-token.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { makeErrors, startFakeMake, type FakeMake } from "../helpers/fake-make.ts";
import { fakeMakeUrl, integrationPorts } from "../helpers/ports.ts";
import { eventually } from "./alert-delivery-support.ts";
import { insertBudget, resolveAlert, ruleOf } from "./alerts-support.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { superuserSql } from "./org-support.ts";

const sql = superuserSql();
let make: FakeMake;
let orgA: OrgContext;
let orgAMember: OrgContext;
let orgB: OrgContext;
const keys: Record<string, string> = {};
const previousBaseUrl = process.env.MAKE_BASE_URL;

beforeAll(async () => {
  make = await startFakeMake({ port: integrationPorts.make });
  process.env.MAKE_BASE_URL = fakeMakeUrl(integrationPorts);
  const team = await teamOrg(sql, "make-a");
  [orgA, orgAMember, orgB] = [team.owner, await team.as("member"), (await teamOrg(sql, "make-b")).owner];
  keys.write = (await newApiKey(orgA, ["read", "write"])).secret;
  keys.ingest = (await newApiKey(orgA, ["ingest"])).secret;
  keys.otherWrite = (await newApiKey(orgB, ["read", "write"])).secret;
});

afterAll(async () => {
  process.env.MAKE_BASE_URL = previousBaseUrl;
  await make?.close();
  await sql.end();
});

type Run = { id: string; status: string; did: { stopped: { id: number; name: string }[]; started: number[] } | null; note: string | null; attempts: number };

const active = (id: number) => make.scenarios.get(id)?.isActive;

/** A Make connector whose first usage sync (poked when it is saved) is over, so later queued fake answers meet the calls they are meant for. */
async function connector(ctx: OrgContext, name = `Make ${randomUUID().slice(0, 8)}`) {
  const { connector: created } = await createMakeConnector(ctx, { name, zone: "eu1", team_id: make.teamId, api_token: make.token });
  await eventually(async () => {
    const [state] = await sql<{ synced: boolean }[]>`select synced_through is not null or last_sync_error is not null as synced from public.connectors where id = ${created.id}`;
    expect(state.synced).toBe(true);
  }, 30_000);
  return created.id;
}

/** A $10 budget for one project, its 80 % rule stopping Make scenarios through `connectorId`. */
async function guardedProject(project: string, connectorId: string, extra: { requires_approval?: boolean } = {}) {
  const budgetId = await insertBudget(sql, orgA.org.id, `Project ${project}`, "10");
  await sql`update public.budgets set scope = ${sql.json({ project })} where id = ${budgetId}`;
  const ruleId = await ruleOf(sql, budgetId, "actual", 80);
  const created = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, {
    rule_id: ruleId, kind: "stop_make_scenarios", connector_id: connectorId, ...extra,
  });
  expect(created.status).toBe(201);
  return { budgetId, ruleId };
}

async function spend(project: string, cost: string) {
  const body = { events: [{ id: `make-${randomUUID()}`, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", currency: "USD", cost, project }] };
  const response = await callRoute(ingest as RouteHandler, keys.ingest, "POST", "/events", {}, body);
  expect(response.body).toMatchObject({ accepted: 1, rejected: [] });
}

async function runOfRule(ruleId: string): Promise<Run & { alert_id: string }> {
  const [run] = await sql<(Run & { alert_id: string })[]>`
    select r.id, r.alert_id, r.status, r.did, r.note, r.attempts from public.alert_action_runs r
    join public.alerts a on a.id = r.alert_id where a.rule_id = ${ruleId}`;
  return run;
}

async function settled(ruleId: string, status: string): Promise<Run & { alert_id: string }> {
  return eventually(async () => {
    const run = await runOfRule(ruleId);
    expect(run?.status).toBe(status);
    return run;
  }, 30_000);
}

const patchRun = (runId: string, status: string, secret = keys.write) =>
  callRoute(decideRun as RouteHandler, secret, "PATCH", `/alert-action-runs/${runId}`, { id: runId }, { status });

describe("Make connectors", () => {
  it("are tried against Make before they are saved: a wrong token or team is refused and nothing is stored", async () => {
    const before = (await sql`select id from public.connectors where org_id = ${orgA.org.id}`).length;
    const right = { name: "Wrong", zone: "us1", team_id: make.teamId, api_token: make.token } as const;
    for (const [input, field] of [[{ api_token: "not-the-token" }, "api_token"], [{ team_id: make.teamId + 1 }, "team_id"]] as const) {
      const refused = await createMakeConnector(orgA, { ...right, ...input })
        .then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(ServiceError);
      expect((refused as ServiceError).fieldErrors?.[field]?.[0]).toMatch(/Make/);
    }
    expect(await sql`select id from public.connectors where org_id = ${orgA.org.id}`).toHaveLength(before);
  });

  it("are checked by any member, changed only by admins, and another organization's are not found", async () => {
    const forAll = make.addScenario({ name: "Tagged for all", description: "spendguard:" });
    const id = await connector(orgA, "Checked");
    const team = await checkMakeConnector(orgAMember, id);
    expect(team.tagged).toContainEqual(expect.objectContaining({ name: "Tagged for all", tags: "any budget" }));
    expect((await listConnectors(orgAMember)).map((listed) => listed.id)).toContain(id);
    const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error as ServiceError).code);

    expect(await refusal(replaceConnectorToken(orgAMember, { connector_id: id, api_token: make.token }))).toBe("forbidden");
    expect(await refusal(deleteConnector(orgAMember, id))).toBe("forbidden");
    expect(await refusal(checkMakeConnector(orgB, id))).toBe("not_found");
    expect(await refusal(replaceConnectorToken(orgB, { connector_id: id, api_token: make.token }))).toBe("not_found");
    expect(await refusal(deleteConnector(orgB, id))).toBe("not_found");
    // A wrong replacement is refused before it overwrites the working token.
    expect(await refusal(replaceConnectorToken(orgA, { connector_id: id, api_token: "rotated-wrongly" }))).toBe("invalid");
    const [{ token }] = await sql<{ token: string }[]>`select private.connector_credentials(${id}) as token`;
    expect(token).toBe(make.token);

    await deleteConnector(orgA, id);
    expect(await sql`select 1 from public.connectors where id = ${id}`).toHaveLength(0);
    // Tagged for every budget: gone before the next test's budgets fire.
    make.scenarios.delete(forAll);
  });
});

describe("Make usage", () => {
  it("syncs each scenario's operations and credits per day, within the window", async () => {
    const dayAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const reporting = make.addScenario({ name: "Usage reporter", description: "" });
    make.setUsage(reporting, [
      { date: dayAgo(2), operations: 1200, centicredits: 150_050 },
      { date: dayAgo(1), operations: 7 },
      { date: dayAgo(45), operations: 999, centicredits: 99_900 },
      { date: dayAgo(3), operations: 0, centicredits: 0 },
    ]);
    const id = await connector(orgA);
    const rows = await sql<{ day: string; unit: string; quantity: string }[]>`
      select to_char(day, 'YYYY-MM-DD') as day, unit, trim_scale(quantity)::text as quantity
      from public.connector_usage where connector_id = ${id} and line_item = ${`Usage reporter (#${reporting})`} order by day, unit`;
    expect(rows).toEqual([
      { day: dayAgo(2), unit: "credits", quantity: "1500.5" },
      { day: dayAgo(2), unit: "operations", quantity: "1200" },
      { day: dayAgo(1), unit: "credits", quantity: "7" },
      { day: dayAgo(1), unit: "operations", quantity: "7" },
    ]);
    const usageCalls = make.requests.filter((request) => request.path === `/api/v2/scenarios/${reporting}/usage`);
    expect(usageCalls.at(-1)?.query.organizationTimezone).toBe("true");
    make.scenarios.delete(reporting);
  });
});

describe("stop_make_scenarios", () => {
  it("previews the tagged scenarios, stops them when the line is crossed, and starts the same ones again on undo", async () => {
    const tagged = make.addScenario({ name: "Newsletter sender", description: "Sends the weekly mail.\nspendguard: project=newsletter" });
    const alsoTagged = make.addScenario({ name: "Newsletter images", description: "SpendGuard: project=newsletter, team=growth" });
    const alreadyOff = make.addScenario({ name: "Newsletter archive", description: "spendguard: project=newsletter", isActive: false });
    const otherProject = make.addScenario({ name: "Blog", description: "spendguard: project=blog" });
    const untagged = make.addScenario({ name: "CRM sync", description: "No tag here." });
    const connectorId = await connector(orgA);

    const budgetId = await insertBudget(sql, orgA.org.id, "Project newsletter", "10");
    await sql`update public.budgets set scope = ${sql.json({ project: "newsletter" })} where id = ${budgetId}`;
    const ruleId = await ruleOf(sql, budgetId, "actual", 80);
    const dry = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, {
      rule_id: ruleId, kind: "stop_make_scenarios", connector_id: connectorId, dry_run: true,
    });
    expect(dry.body).toMatchObject({ action: null, preview: { would_change: true, description: expect.stringContaining("Stops 2 active scenario(s)") } });
    expect(dry.body.preview.description).toContain('"Newsletter sender", "Newsletter images"');
    expect((await callRoute(listActions as RouteHandler, keys.write, "GET", `/alert-actions?rule_id=${ruleId}`)).body).toEqual({ actions: [] });
    expect([tagged, alsoTagged].map(active)).toEqual([true, true]);

    const created = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, {
      rule_id: ruleId, kind: "stop_make_scenarios", connector_id: connectorId,
    });
    expect(created.body).toMatchObject({ action: { kind: "stop_make_scenarios", connector_id: connectorId } });

    await spend("newsletter", "8.5");
    // Carried out by the stack's run-alert-actions function, poked when the batch committed.
    const done = await settled(ruleId, "done");
    expect(done.did).toEqual({ stopped: [{ id: tagged, name: "Newsletter sender" }, { id: alsoTagged, name: "Newsletter images" }], started: [] });
    expect([tagged, alsoTagged, alreadyOff, otherProject, untagged].map(active)).toEqual([false, false, false, true, true]);
    const [health] = await sql<{ status: string; last_used_at: Date | null }[]>`select status, last_used_at from public.connectors where id = ${connectorId}`;
    expect(health.status).toBe("ok");
    expect(health.last_used_at).not.toBeNull();

    expect((await patchRun(done.id, "undone")).body).toMatchObject({ run: { status: "undoing" } });
    const undone = await settled(ruleId, "undone");
    expect(undone.did?.started.sort()).toEqual([tagged, alsoTagged].sort());
    // Only what Spendguard stopped is started: the archive was off before and stays off.
    expect([tagged, alsoTagged, alreadyOff, otherProject, untagged].map(active)).toEqual([true, true, false, true, true]);
  });

  it("waits for approval when asked, and starts the scenarios again when the alert resolves", async () => {
    const scenario = make.addScenario({ name: "Ads bidder", description: "spendguard: project=ads" });
    const { ruleId } = await guardedProject("ads", await connector(orgA), { requires_approval: true });
    await spend("ads", "9");
    const waiting = await settled(ruleId, "awaiting_approval");
    expect(active(scenario)).toBe(true);

    expect((await patchRun(waiting.id, "done")).body).toMatchObject({ run: { status: "queued" } });
    await settled(ruleId, "done");
    expect(active(scenario)).toBe(false);

    await resolveAlert(sql, orgA.org.id, waiting.alert_id);
    const restarted = await settled(ruleId, "undone");
    expect(restarted.note).toBeNull();
    expect(active(scenario)).toBe(true);
  });

  it("retries what Make rate-limits, after its Retry-After", async () => {
    const scenario = make.addScenario({ name: "Scraper", description: "spendguard: project=scraper" });
    const { ruleId } = await guardedProject("scraper", await connector(orgA));
    make.answerNext(makeErrors.rateLimited(40));
    await spend("scraper", "9");
    const waiting = await eventually(async () => {
      const [run] = await sql<{ status: string; attempts: number; note: string; wait: number }[]>`
        select r.status, r.attempts, r.note, extract(epoch from r.next_attempt_at - now())::float8 as wait
        from public.alert_action_runs r join public.alerts a on a.id = r.alert_id where a.rule_id = ${ruleId}`;
      expect(run).toMatchObject({ status: "queued", attempts: 1 });
      return run;
    }, 30_000);
    expect(waiting.note).toMatch(/Trying again/);
    expect(waiting.wait).toBeGreaterThan(30);
    expect(active(scenario)).toBe(true);

    await sql`update public.alert_action_runs r set next_attempt_at = now() from public.alerts a where a.id = r.alert_id and a.rule_id = ${ruleId}`;
    // What the minute cron would do; the function itself may get there first, fenced all the same.
    await runAlertActions({ sql, makeBaseUrl: make.url });
    await settled(ruleId, "done");
    expect(active(scenario)).toBe(false);
  });

  it("fails when Make refuses the token, marks the connector, and can be tried again once the token is fixed", async () => {
    const scenario = make.addScenario({ name: "Lead enricher", description: "spendguard: project=leads" });
    const connectorId = await connector(orgA);
    const { ruleId } = await guardedProject("leads", connectorId);
    await sql`update public.connectors set credentials = 'revoked-in-make' where id = ${connectorId}`;
    await spend("leads", "9");
    const failed = await settled(ruleId, "failed");
    expect(failed.note).toMatch(/token/i);
    const [marked] = await sql<{ status: string; last_error: string }[]>`select status, last_error from public.connectors where id = ${connectorId}`;
    expect(marked).toMatchObject({ status: "error", last_error: expect.stringMatching(/token/i) });
    expect(active(scenario)).toBe(true);

    await sql`update public.connectors set credentials = ${make.token} where id = ${connectorId}`;
    expect((await patchRun(failed.id, "done")).body).toMatchObject({ run: { status: "queued" } });
    await settled(ruleId, "done");
    expect(active(scenario)).toBe(false);
    expect((await sql<{ status: string }[]>`select status from public.connectors where id = ${connectorId}`)[0].status).toBe("ok");
  });

  it("keeps what it stopped when Make refuses one scenario, so undo starts exactly those", async () => {
    const first = make.addScenario({ name: "Video renderer", description: "spendguard: project=video" });
    const stuck = make.addScenario({ name: "Video uploader", description: "spendguard: project=video" });
    make.refuse(stuck, makeErrors.badRequest("Scenario is locked by another user."));
    const { ruleId } = await guardedProject("video", await connector(orgA));
    await spend("video", "9");
    const failed = await settled(ruleId, "failed");
    expect(failed.did?.stopped).toEqual([{ id: first, name: "Video renderer" }]);
    expect(failed.note).toMatch(/locked by another user.*Undo starts them again/s);
    expect([first, stuck].map(active)).toEqual([false, true]);
    make.refuse(stuck, null);

    expect((await patchRun(failed.id, "undone")).body).toMatchObject({ run: { status: "undoing" } });
    await settled(ruleId, "undone");
    expect([first, stuck].map(active)).toEqual([true, true]);
  });

  it("skips a run whose connector was removed before it ran, saying so", async () => {
    const scenario = make.addScenario({ name: "Orphaned", description: "spendguard: project=orphan" });
    const connectorId = await connector(orgA);
    const { ruleId } = await guardedProject("orphan", connectorId, { requires_approval: true });
    await spend("orphan", "9");
    const waiting = await settled(ruleId, "awaiting_approval");
    // Removing the connector removes its actions; the waiting run stays, as history.
    await deleteConnector(orgA, connectorId);
    expect((await patchRun(waiting.id, "done")).body).toMatchObject({ run: { status: "queued" } });
    const skipped = await settled(ruleId, "skipped");
    expect(skipped.note).toBe("The Make connector was removed.");
    expect(active(scenario)).toBe(true);
  });

  it("refuses another organization's connector and rule, and changes nothing", async () => {
    const theirs = await connector(orgB, "Their Make");
    const mine = await connector(orgA);
    const budgetId = await insertBudget(sql, orgA.org.id, "Cross-tenant", "10");
    const ruleId = await ruleOf(sql, budgetId, "actual", 80);
    const withTheirConnector = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, {
      rule_id: ruleId, kind: "stop_make_scenarios", connector_id: theirs,
    });
    expect(withTheirConnector).toMatchObject({ status: 400, body: { error: { details: { connector_id: [expect.any(String)] } } } });
    const onMyRule = await callRoute(createAction as RouteHandler, keys.otherWrite, "POST", "/alert-actions", {}, {
      rule_id: ruleId, kind: "stop_make_scenarios", connector_id: mine,
    });
    expect(onMyRule.status).toBe(400);
    expect(await sql`select id from public.alert_actions where rule_id = ${ruleId}`).toHaveLength(0);

    const scenario = make.addScenario({ name: "Mine to stop", description: "spendguard: project=mine" });
    const guarded = await guardedProject("mine", mine);
    await spend("mine", "9");
    const done = await settled(guarded.ruleId, "done");
    expect((await patchRun(done.id, "undone", keys.otherWrite)).status).toBe(404);
    expect((await runOfRule(guarded.ruleId)).status).toBe("done");
    expect(active(scenario)).toBe(false);
  });
});
