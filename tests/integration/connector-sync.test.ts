/**
 * Provider cost sync end to end: connectors made through the app's verbs (credentials tried
 * against fake provider APIs on loopback, answering in the documented shapes with paging), synced
 * by the stack's own sync-connectors edge function (real Deno, poked after the commit) into
 * billed_costs, and reconciled against events ingested through /api/v1. A new connector backfills
 * 30 days; a re-sync replaces its window (nothing duplicated, corrections land); a revoked key, a
 * rate limit and malformed data write nothing and say so; another organization sees and changes
 * nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as check } from "../../app/api/v1/check/route.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { createAlertRule } from "../../lib/services/alerts/create-alert-rule.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createCostConnector } from "../../lib/services/connectors/create-cost-connector.ts";
import { requestConnectorSync } from "../../lib/services/connectors/request-connector-sync.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { getReconciliation } from "../../lib/services/reconciliation/get-reconciliation.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { anthropicErrors, startFakeAnthropicAdmin, type FakeAnthropicAdmin } from "../helpers/fake-anthropic-admin.ts";
import { startFakeAwsCostExplorer, type FakeAwsCostExplorer } from "../helpers/fake-aws-cost-explorer.ts";
import { openaiErrors, startFakeOpenAIAdmin, type FakeOpenAIAdmin } from "../helpers/fake-openai-admin.ts";
import { startFakeTwilioUsage, type FakeTwilioUsage } from "../helpers/fake-twilio-usage.ts";
import { fakeCostProviderEnv, integrationPorts } from "../helpers/ports.ts";
import { eventually } from "./alert-delivery-support.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { superuserSql } from "./org-support.ts";

const sql = superuserSql();
let openai: FakeOpenAIAdmin;
let anthropic: FakeAnthropicAdmin;
let twilio: FakeTwilioUsage;
let aws: FakeAwsCostExplorer;
let orgA: OrgContext;
let orgB: OrgContext;
let ingestKey: string;
const saved: Record<string, string | undefined> = {};

const DAY_MS = 86_400_000;
const dayAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

beforeAll(async () => {
  [openai, anthropic, twilio, aws] = await Promise.all([
    startFakeOpenAIAdmin({ port: integrationPorts.openai }),
    startFakeAnthropicAdmin({ port: integrationPorts.anthropic }),
    startFakeTwilioUsage({ port: integrationPorts.twilio, pageSizeCap: 5 }),
    startFakeAwsCostExplorer({ port: integrationPorts.aws }),
  ]);
  for (const [name, value] of Object.entries(fakeCostProviderEnv(integrationPorts))) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  [orgA, orgB] = [(await teamOrg(sql, "sync-a")).owner, (await teamOrg(sql, "sync-b")).owner];
  ingestKey = (await newApiKey(orgA, ["ingest"])).secret;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) process.env[name] = value;
  await Promise.all([openai?.close(), anthropic?.close(), twilio?.close(), aws?.close()]);
  await sql.end();
});

type Billed = { day: string; line_item: string; currency: string; amount: string };

async function billedOf(connectorId: string): Promise<Billed[]> {
  return sql<Billed[]>`
    select to_char(day, 'YYYY-MM-DD') as day, line_item, currency, trim_scale(amount)::text as amount
    from public.billed_costs where connector_id = ${connectorId} order by day, line_item`;
}

type SyncState = { synced_through: string | null; last_sync_error: string | null; status: string; last_error: string | null; wait: number };

async function stateOf(connectorId: string): Promise<SyncState> {
  const [state] = await sql<SyncState[]>`
    select to_char(synced_through, 'YYYY-MM-DD') as synced_through, last_sync_error, status, last_error,
      extract(epoch from sync_next_at - now())::float8 as wait
    from public.connectors where id = ${connectorId}`;
  return state;
}

const synced = (connectorId: string, check: (state: SyncState) => void) =>
  eventually(async () => {
    const state = await stateOf(connectorId);
    check(state);
    return state;
  }, 30_000);

/** A connector written straight into the table (no trial call), due at once: the queued fake answers go to its first sync. */
async function insertConnector(provider: string, name: string, credentials: object): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into public.connectors (org_id, provider, name, credentials) values (${orgA.org.id}, ${provider}, ${name}, ${JSON.stringify(credentials)}) returning id`;
  return id;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ServiceError);

describe("cost connectors", () => {
  it("are tried before they are stored, then backfill the last 30 days through the edge function", async () => {
    const wrong = await refusal(createCostConnector(orgA, { provider: "openai", name: "OpenAI (wrong)", admin_key: "sk-admin-not-the-key" }));
    expect(wrong?.fieldErrors?.admin_key?.[0]).toMatch(/key/i);
    expect(await sql`select 1 from public.connectors where org_id = ${orgA.org.id} and name = 'OpenAI (wrong)'`).toHaveLength(0);

    openai.addCost({ day: dayAgo(40), line_item: "gpt-4o, input", amount: 99 });
    openai.addCost({ day: dayAgo(29), line_item: "gpt-4o, input", amount: 1.5 });
    openai.addCost({ day: dayAgo(1), line_item: "gpt-4o, input", amount: 0.1 });
    openai.addCost({ day: dayAgo(1), line_item: "gpt-4o, input", amount: 0.2, project_id: "proj_b" });
    openai.addCost({ day: dayAgo(1), line_item: "gpt-4o, output", amount: 2.25 });
    const { connector } = await createCostConnector(orgA, { provider: "openai", name: "OpenAI", admin_key: openai.adminKey });
    expect(connector).toMatchObject({ provider: "openai", sync: { synced_through: null } });

    const state = await synced(connector.id, (current) => expect(current.synced_through).toBe(dayAgo(1)));
    expect(state).toMatchObject({ last_sync_error: null, status: "ok" });
    expect(state.wait).toBeGreaterThan(5 * 3600);
    expect(await billedOf(connector.id)).toEqual([
      { day: dayAgo(29), line_item: "gpt-4o, input", currency: "USD", amount: "1.5" },
      { day: dayAgo(1), line_item: "gpt-4o, input", currency: "USD", amount: "0.3" },
      { day: dayAgo(1), line_item: "gpt-4o, output", currency: "USD", amount: "2.25" },
    ]);
    const costRequests = openai.requests.filter((request) => request.path === "/v1/organization/costs");
    const backfillStart = Date.parse(`${dayAgo(30)}T00:00:00Z`) / 1000;
    expect(costRequests.some((request) => request.search.get("start_time") === String(backfillStart))).toBe(true);
  });

  it("replace their window on every sync: corrections land and nothing is duplicated", async () => {
    const { connector } = await createCostConnector(orgA, { provider: "anthropic", name: "Anthropic", admin_key: anthropic.adminKey });
    anthropic.addCost({ day: dayAgo(2), amount: "1234.5", model: "claude-sonnet-4", description: "claude-sonnet-4 input tokens" });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));
    await eventually(async () => expect(await billedOf(connector.id)).toEqual([{ day: dayAgo(2), line_item: "claude-sonnet-4", currency: "USD", amount: "12.345" }]));

    // The provider settles the day later: 1234.5 cents become 1300.
    anthropic.costs.splice(0, anthropic.costs.length);
    anthropic.addCost({ day: dayAgo(2), amount: "1300", model: "claude-sonnet-4", description: "claude-sonnet-4 input tokens" });
    const before = anthropic.requests.length;
    await requestConnectorSync(orgA, connector.id);
    await eventually(async () => {
      expect(anthropic.requests.length).toBeGreaterThan(before);
      expect(await billedOf(connector.id)).toEqual([{ day: dayAgo(2), line_item: "claude-sonnet-4", currency: "USD", amount: "13" }]);
    });
    expect(anthropic.requests.at(-1)?.search.get("starting_at")).toBe(`${dayAgo(3)}T00:00:00Z`);
  });

  it("sync AWS through the official SDK inside the edge function, signed and paged", async () => {
    for (const [days, service, amount] of [[1, "Amazon Elastic Compute Cloud - Compute", "12.3400000001"], [1, "Amazon Simple Storage Service", "0.02"], [3, "AWS Lambda", "0"], [2, "Amazon Elastic Compute Cloud - Compute", "-1.5"]] as const) {
      aws.addCost(dayAgo(days), service, amount);
    }
    const { connector } = await createCostConnector(orgA, { provider: "aws", name: "AWS", access_key_id: aws.accessKeyId, secret_access_key: aws.secretAccessKey });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));
    await eventually(async () => expect(await billedOf(connector.id)).toEqual([
      { day: dayAgo(3), line_item: "AWS Lambda", currency: "USD", amount: "0" },
      { day: dayAgo(2), line_item: "Amazon Elastic Compute Cloud - Compute", currency: "USD", amount: "-1.5" },
      { day: dayAgo(1), line_item: "Amazon Elastic Compute Cloud - Compute", currency: "USD", amount: "12.3400000001" },
      { day: dayAgo(1), line_item: "Amazon Simple Storage Service", currency: "USD", amount: "0.02" },
    ]));
  });

  it("write nothing when the provider refuses, limits or garbles, and say so", async () => {
    const { connector } = await createCostConnector(orgA, { provider: "twilio", name: "Twilio", account_sid: twilio.accountSid, auth_token: twilio.authToken });
    twilio.addRecord({ category: "totalprice", day: dayAgo(1), price: "4.20", price_unit: "usd" });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));
    await eventually(async () => expect(await billedOf(connector.id)).toEqual([{ day: dayAgo(1), line_item: "totalprice", currency: "USD", amount: "4.2" }]));
    const kept = await billedOf(connector.id);

    // Rotated at Twilio without telling Spendguard: the connector needs attention, nothing is lost.
    await sql`update public.connectors set credentials = ${JSON.stringify({ account_sid: twilio.accountSid, auth_token: "a-revoked-token" })} where id = ${connector.id}`;
    const refused = await synced(connector.id, (state) => expect(state.last_sync_error).not.toBeNull());
    expect(refused).toMatchObject({ status: "error", last_error: expect.stringMatching(/Twilio/i) });
    expect(refused.wait).toBeGreaterThan(20 * 3600);
    expect(await billedOf(connector.id)).toEqual(kept);

    openai.answerNext(openaiErrors.rateLimited(600));
    const limited = await insertConnector("openai", "OpenAI (limited)", { admin_key: openai.adminKey });
    const waiting = await synced(limited, (state) => expect(state.last_sync_error).toMatch(/Trying again/));
    expect(waiting.wait).toBeGreaterThan(500);
    expect(waiting.status).toBe("ok");
    expect(await billedOf(limited)).toEqual([]);

    anthropic.answerNext({ status: 200, body: { data: "not a list", has_more: false } });
    const garbled = await insertConnector("anthropic", "Anthropic (garbled)", { admin_key: anthropic.adminKey });
    const malformed = await synced(garbled, (state) => expect(state.last_sync_error).not.toBeNull());
    expect(malformed.status).toBe("ok");
    expect(await billedOf(garbled)).toEqual([]);

    anthropic.answerNext(anthropicErrors.internal());
    const down = await insertConnector("anthropic", "Anthropic (down)", { admin_key: anthropic.adminKey });
    expect(await synced(down, (state) => expect(state.last_sync_error).toMatch(/Trying again/))).toMatchObject({ status: "ok" });
  });

  it("reconcile what was billed with what events priced, and show another organization nothing", async () => {
    const { connector } = await createCostConnector(orgB, { provider: "openai", name: "OpenAI (B)", admin_key: openai.adminKey });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));

    const events = [
      { id: `rec-${randomUUID()}`, timestamp: `${dayAgo(1)}T12:00:00Z`, service: "openai", model: "gpt-4o", currency: "USD", cost: "2.55" },
      { id: `rec-${randomUUID()}`, timestamp: `${dayAgo(29)}T12:00:00Z`, service: "openai", model: "gpt-4o", currency: "USD", cost: "0.5" },
    ];
    expect((await callRoute(ingest as RouteHandler, ingestKey, "POST", "/events", {}, { events })).body).toMatchObject({ accepted: 2 });

    const mine = await getReconciliation(orgA, { from: dayAgo(29), to: dayAgo(1) });
    const openaiDays = mine.days.filter((row) => row.service === "openai");
    expect(openaiDays.find((row) => row.day === dayAgo(1))).toMatchObject({ priced: "2.55", billed: "2.55", difference: "0", over_tolerance: false });
    expect(openaiDays.find((row) => row.day === dayAgo(29))).toMatchObject({ priced: "0.5", billed: "1.5", difference: "-1", over_tolerance: true });
    expect(openaiDays.find((row) => row.day === dayAgo(29))?.explanations).toEqual([expect.stringContaining("Spendguard counted less than was billed")]);
    // Billed with no events at all for a synced day.
    expect(mine.days.find((row) => row.service === "twilio" && row.day === dayAgo(1))?.explanations[0]).toContain("No usage events for twilio");

    const theirs = await getReconciliation(orgB, { from: dayAgo(29), to: dayAgo(1) });
    expect(theirs.days.every((row) => row.priced === "0")).toBe(true);
    const otherSync = await refusal(requestConnectorSync(orgB, (await sql<{ id: string }[]>`select id from public.connectors where org_id = ${orgA.org.id} and provider = 'openai' limit 1`)[0].id));
    expect(otherSync?.code).toBe("not_found");
  });

  it("fire a reconciliation alert for a settled day that is off, and resolve it when a later sync agrees", async () => {
    const orgC = (await teamOrg(sql, "sync-c")).owner;
    const rule = await createAlertRule(byUser(orgC), { kind: "reconciliation", service: "openai", threshold: 5, min_amount: "1" });
    const { connector } = await createCostConnector(orgC, { provider: "openai", name: "OpenAI (C)", admin_key: openai.adminKey });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));

    // Billed 1.5 on a settled day without a single event; yesterday (unsettled) is not judged.
    const alerts = () => sql<{ subject: string; status: string; facts: { billed: string; priced: string }; resolved_reason: string | null }[]>`
      select subject, status, facts, resolved_reason from public.alerts where rule_id = ${rule.id} order by subject`;
    await eventually(async () => expect(await alerts()).toEqual([
      { subject: `openai ${dayAgo(29)}`, status: "open", facts: expect.objectContaining({ billed: "1.5", priced: "0" }), resolved_reason: null },
    ]));

    const key = (await newApiKey(orgC, ["ingest"])).secret;
    const event = { id: `rec-${randomUUID()}`, timestamp: `${dayAgo(29)}T09:00:00Z`, service: "openai", model: "gpt-4o", currency: "USD", cost: "1.5" };
    expect((await callRoute(ingest as RouteHandler, key, "POST", "/events", {}, { events: [event] })).body).toMatchObject({ accepted: 1 });
    // The next sync's window reaches back to that day (it normally re-reads only the last few).
    await sql`update public.connectors set synced_through = ${dayAgo(31)} where id = ${connector.id}`;
    await requestConnectorSync(orgC, connector.id);
    await eventually(async () => expect(await alerts()).toEqual([
      { subject: `openai ${dayAgo(29)}`, status: "resolved", facts: expect.objectContaining({ billed: "1.5" }), resolved_reason: "condition_cleared" },
    ]));
  });

  it("keep budgets on billed cost from what the provider billed, not from events, and checks weigh them", async () => {
    const orgD = (await teamOrg(sql, "sync-d")).owner;
    const refusedBasis = await refusal(createBudget(byUser(orgD), { name: "No connector yet", amount: "3", period: { kind: "lifetime" }, scope: { service: "openai" }, cost_basis: "billed" }));
    expect(refusedBasis?.fieldErrors?.cost_basis?.[0]).toMatch(/No cost connector bills "openai"/);
    const { connector } = await createCostConnector(orgD, { provider: "openai", name: "OpenAI (D)", admin_key: openai.adminKey });
    await synced(connector.id, (state) => expect(state.synced_through).toBe(dayAgo(1)));
    const narrowed = await refusal(createBudget(byUser(orgD), { name: "Too narrow", amount: "3", period: { kind: "lifetime" }, scope: { service: "openai", project: "x" }, cost_basis: "billed" }));
    expect(narrowed?.fieldErrors?.cost_basis?.[0]).toMatch(/one service only/);

    const { budget: billed } = await createBudget(byUser(orgD), {
      name: "OpenAI bill", amount: "3", period: { kind: "lifetime" }, scope: { service: "openai" }, cost_basis: "billed", enforcement: "hard",
    });
    const { budget: estimated } = await createBudget(byUser(orgD), { name: "OpenAI events", amount: "1000", period: { kind: "lifetime" }, scope: { service: "openai" } });
    const spentOf = async (budgetId: string) => (await sql<{ spent: string }[]>`
      select coalesce(trim_scale(sum(spent)), 0)::text as spent from public.budget_ledgers where budget_id = ${budgetId}`)[0].spent;
    // Everything OpenAI billed org D: 1.5 (29 days ago) + 0.3 + 2.25 (yesterday).
    expect(await spentOf(billed.id)).toBe("4.05");

    const keys = { ingest: (await newApiKey(orgD, ["ingest"])).secret, check: (await newApiKey(orgD, ["check"])).secret };
    const event = { id: `bill-${randomUUID()}`, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", currency: "USD", cost: "100" };
    expect((await callRoute(ingest as RouteHandler, keys.ingest, "POST", "/events", {}, { events: [event] })).body).toMatchObject({ accepted: 1 });
    expect([await spentOf(billed.id), await spentOf(estimated.id)]).toEqual(["4.05", "100"]);
    const answer = await callRoute(check as RouteHandler, keys.check, "POST", "/check", {}, { service: "openai", estimated_cost: "0.5" });
    expect(answer.body).toMatchObject({ decision: "deny", budgets: expect.arrayContaining([expect.objectContaining({ budget_id: billed.id, decision: "deny" })]) });

    // The provider settles more: the next sync moves the billed budget, and only it.
    openai.addCost({ day: dayAgo(2), line_item: "gpt-4o, output", amount: 1 });
    await requestConnectorSync(orgD, connector.id);
    await eventually(async () => expect(await spentOf(billed.id)).toBe("5.05"));
    expect(await spentOf(estimated.id)).toBe("100");
  });
});
