/**
 * Calling a signed webhook as an alert action, through /api/v1 and the stack's own
 * run-alert-actions edge function (real Deno, poked after commit), to a receiver on loopback that
 * verifies every delivery with the `standardwebhooks` library: the dry run calls nothing; a crossed
 * line delivers action.requested (webhook-id = the run's id) and Undo delivers action.undone; an
 * outage is retried with the same webhook-id; an endpoint gone for good fails the run; another
 * organization's channel, or one not verified, is refused and nothing changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listActions, POST as createAction } from "../../app/api/v1/alert-actions/route.ts";
import { PATCH as decideRun } from "../../app/api/v1/alert-action-runs/[id]/route.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { runAlertActions } from "../../lib/automations/run-alert-actions.ts";
import type { WebhookActionData, WebhookEvent } from "../../lib/core/alerts/webhook-event.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from "../helpers/fake-webhook-receiver.ts";
import { eventually, verifiedChannel } from "./alert-delivery-support.ts";
import { insertBudget, ruleOf } from "./alerts-support.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { superuserSql } from "./org-support.ts";

const sql = superuserSql();
let receiver: FakeWebhookReceiver;
let orgA: OrgContext;
let orgB: OrgContext;
let channelId: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  receiver = await startFakeWebhookReceiver();
  [orgA, orgB] = [(await teamOrg(sql, "hook-a")).owner, (await teamOrg(sql, "hook-b")).owner];
  keys.write = (await newApiKey(orgA, ["read", "write"])).secret;
  keys.ingest = (await newApiKey(orgA, ["ingest"])).secret;
  keys.otherWrite = (await newApiKey(orgB, ["read", "write"])).secret;
  channelId = await verifiedChannel(sql, orgA.org.id, "webhook", receiver.url, receiver.secret);
});

afterAll(async () => {
  await receiver?.close();
  await sql.end();
});

type Run = { id: string; status: string; note: string | null; did: { requested?: { webhook_id: string; status: number }; undone?: { status: number } } | null; attempts: number };

async function guarded(name: string, channel = channelId, extra: Record<string, unknown> = {}) {
  const budgetId = await insertBudget(sql, orgA.org.id, name, "10");
  const ruleId = await ruleOf(sql, budgetId, "actual", 80);
  const created = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "call_webhook", channel_id: channel, ...extra });
  return { budgetId, ruleId, created };
}

async function spend(cost: string) {
  const body = { events: [{ id: `hook-${randomUUID()}`, timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", currency: "USD", cost }] };
  expect((await callRoute(ingest as RouteHandler, keys.ingest, "POST", "/events", {}, body)).body).toMatchObject({ accepted: 1 });
}

async function runOf(ruleId: string): Promise<Run> {
  const [run] = await sql<Run[]>`
    select r.id, r.status, r.note, r.did, r.attempts from public.alert_action_runs r join public.alerts a on a.id = r.alert_id where a.rule_id = ${ruleId}`;
  return run;
}

const settled = (ruleId: string, status: string) =>
  eventually(async () => {
    const run = await runOf(ruleId);
    expect(run?.status).toBe(status);
    return run;
  }, 30_000);

const deliveriesOf = (runId: string) => receiver.received.filter((delivery) => String(delivery.headers["webhook-id"]).startsWith(runId));
const patchRun = (runId: string, status: string, secret = keys.write) =>
  callRoute(decideRun as RouteHandler, secret, "PATCH", `/alert-action-runs/${runId}`, { id: runId }, { status });

describe("call_webhook", () => {
  it("previews without calling, delivers a signed action.requested when the line is crossed, and action.undone on undo", async () => {
    const before = receiver.received.length;
    const budgetId = await insertBudget(sql, orgA.org.id, "Agent fleet", "10");
    const ruleId = await ruleOf(sql, budgetId, "actual", 80);
    const dry = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "call_webhook", channel_id: channelId, dry_run: true });
    expect(dry.body).toMatchObject({ action: null, preview: { would_change: true, description: expect.stringContaining("POSTs a signed action.requested event") } });
    expect(receiver.received.length).toBe(before);
    expect((await callRoute(listActions as RouteHandler, keys.write, "GET", `/alert-actions?rule_id=${ruleId}`)).body).toEqual({ actions: [] });

    const created = await callRoute(createAction as RouteHandler, keys.write, "POST", "/alert-actions", {}, { rule_id: ruleId, kind: "call_webhook", channel_id: channelId });
    expect(created).toMatchObject({ status: 201, body: { action: { kind: "call_webhook", channel_id: channelId } } });
    await spend("8.5");
    const done = await settled(ruleId, "done");
    const [requested] = deliveriesOf(done.id);
    expect(requested).toMatchObject({ verified: true, status: 200, headers: { "webhook-id": done.id } });
    const event = requested.body as WebhookEvent<WebhookActionData>;
    expect(event).toMatchObject({
      type: "action.requested",
      data: { run_id: done.id, action_id: created.body.action.id, alert: { budget: { id: budgetId, name: "Agent fleet" }, severity: "warning", status: "open" } },
    });
    expect(event.data.alert.url).toContain(`/${orgA.org.slug}/alerts?alert=`);
    expect(done.did).toMatchObject({ requested: { webhook_id: done.id, status: 200 } });

    expect((await patchRun(done.id, "undone")).body).toMatchObject({ run: { status: "undoing" } });
    const undone = await settled(ruleId, "undone");
    expect(undone.did).toMatchObject({ requested: { status: 200 }, undone: { webhook_id: `${done.id}-undo`, status: 200 } });
    const deliveries = deliveriesOf(done.id);
    expect(deliveries.map((delivery) => [delivery.headers["webhook-id"], (delivery.body as { type: string }).type, delivery.verified])).toEqual([
      [done.id, "action.requested", true],
      [`${done.id}-undo`, "action.undone", true],
    ]);
  });

  it("retries an outage with the same webhook-id, and fails at once when the endpoint is gone for good", async () => {
    const { ruleId } = await guarded("Flaky endpoint");
    receiver.answerNext({ status: 503, body: "down for maintenance", headers: { "retry-after": "1" } });
    await spend("9");
    const waiting = await eventually(async () => {
      const run = await runOf(ruleId);
      expect(run).toMatchObject({ status: "queued", attempts: 1 });
      return run;
    }, 30_000);
    expect(waiting.note).toMatch(/Trying again/);
    await sql`update public.alert_action_runs set next_attempt_at = now() where id = ${waiting.id}`;
    await runAlertActions({ sql, allowPrivateWebhooks: true, siteUrl: "http://127.0.0.1:3000" });
    await settled(ruleId, "done");
    expect(deliveriesOf(waiting.id).map((delivery) => [delivery.headers["webhook-id"], delivery.status])).toEqual([[waiting.id, 503], [waiting.id, 200]]);

    const gone = await guarded("Gone endpoint");
    receiver.answerNext({ status: 410, body: "gone" });
    await spend("9");
    const failed = await settled(gone.ruleId, "failed");
    expect(failed.note).toMatch(/410/);
    // Nothing reached the endpoint, so there is nothing to take back.
    expect((await patchRun(failed.id, "undone")).status).toBe(409);
  });

  it("refuses a channel that is another organization's or not verified, and changes nothing", async () => {
    const theirs = await verifiedChannel(sql, orgB.org.id, "webhook", `${receiver.url}?b`, receiver.secret);
    const [unverified] = await sql<{ id: string }[]>`
      insert into public.notification_channels (org_id, kind, name, destination, signing_secret)
      values (${orgA.org.id}, 'webhook', 'Unverified', ${`${receiver.url}?unverified`}, ${receiver.secret}) returning id`;
    for (const channel of [theirs, unverified.id]) {
      const { ruleId, created } = await guarded(`Refused ${channel.slice(0, 8)}`, channel);
      expect(created).toMatchObject({ status: 400, body: { error: { details: { channel_id: [expect.any(String)] } } } });
      expect(await sql`select 1 from public.alert_actions where rule_id = ${ruleId}`).toHaveLength(0);
    }
    const { ruleId } = await guarded("Theirs to undo");
    await spend("9");
    const done = await settled(ruleId, "done");
    expect((await patchRun(done.id, "undone", keys.otherWrite)).status).toBe(404);
    expect((await runOf(ruleId)).status).toBe("done");
  });
});
