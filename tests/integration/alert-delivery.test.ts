/**
 * Alert delivery end to end on a stack of its own, whose dispatch-notifications edge function
 * (real Deno) sends through the official `resend` and `twilio` SDKs to fake servers on loopback
 * and signs webhooks for a receiver that verifies them with `standardwebhooks`. Alerts are written
 * by private.record_alerts, as the evaluators write them. The pg_cron job that drains the outbox
 * every minute is unscheduled on this stack, so every send here comes from the poke that
 * record_alerts makes, or from a run this file starts (the same HTTP call pg_cron makes).
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverySettingsSchema } from "../../lib/delivery/delivery-settings.ts";
import { dispatchNotifications } from "../../lib/delivery/dispatch-notifications.ts";
import { recordOutcome, type ClaimedRow } from "../../lib/delivery/record-outcome.ts";
import { anonJwt, dbPassword, dbSuperuser, dbUrl } from "../../supabase/local/config.ts";
import { startStack, type Stack } from "../../supabase/local/stack.ts";
import { resendErrors, startFakeResend, type FakeResend } from "../helpers/fake-resend.ts";
import { startFakeTwilio, twilioErrors, type FakeTwilio } from "../helpers/fake-twilio.ts";
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from "../helpers/fake-webhook-receiver.ts";
import { integrationPorts, testRunTag } from "../helpers/ports.ts";
import {
  deliveryOrg, dispatch, dueNow, eventually, invokeDispatcher, notification, notificationsOfAlert, routedRule, uniquePhone, verifiedChannel,
  type NotificationRow,
} from "./alert-delivery-support.ts";
import { actualFacts, fireAlert, insertBudget, resolveAlert } from "./alerts-support.ts";

/** The integration stack's ports moved by 60: clear of it (+0), the scratch stack (+20) and the db suite (+100). */
const ports = { gateway: integrationPorts.gateway + 60, db: integrationPorts.db + 60, app: integrationPorts.app + 60 };
const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
const siteUrl = `http://127.0.0.1:${ports.app}`;
const dataDir = path.resolve(`.local/test/alert-delivery-db${testRunTag}`);
const EMAIL_FROM = "Spendguard Alerts <alerts@spendguard.dev>";
const TWILIO_FROM = "+15005550006";

let resend: FakeResend;
let twilio: FakeTwilio;
let receiver: FakeWebhookReceiver;
let stack: Stack | undefined;
let sql: Sql;

beforeAll(async () => {
  [resend, twilio, receiver] = await Promise.all([startFakeResend(), startFakeTwilio(), startFakeWebhookReceiver()]);
  await rm(dataDir, { recursive: true, force: true });
  stack = await startStack({
    dataDir,
    ports,
    durable: false,
    log: (service, message) => { if (process.env.STACK_LOG) console.log(`[${service}] ${message}`); },
    functionEnv: {
      RESEND_API_KEY: "re_test_delivery",
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM_NUMBER: TWILIO_FROM,
      TWILIO_BASE_URL: twilio.url,
    },
  });
  sql = postgres({ host: "127.0.0.1", port: ports.db, database: "postgres", username: dbSuperuser, password: dbPassword, max: 4, onnotice: () => {} });
  await sql`select cron.unschedule('dispatch-notifications')`;
  // Boots the function under Deno once, so the first test measures delivery, not start-up.
  expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 0 });
}, 240_000);

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  await Promise.all([resend?.close(), twilio?.close(), receiver?.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const resendRequestsFor = (id: string) => resend.requests.filter((request) => request.headers["idempotency-key"] === id);
const twilioRequestsTo = (phone: string) => twilio.requests.filter((request) => request.form.To === phone);
const webhooksWithId = (id: string) => receiver.received.filter((delivery) => delivery.headers["webhook-id"] === id);

/** The wait a row was given before its next attempt (set in the same statement as updated_at). */
async function waitedSeconds(id: string): Promise<number> {
  const [row] = await sql<{ seconds: number }[]>`select extract(epoch from next_attempt_at - updated_at)::float8 as seconds from public.notifications where id = ${id}`;
  return row.seconds;
}

/**
 * Fires an alert whose outbox rows are held back an hour and whose poke is withdrawn before it
 * leaves (pg_net sends only after commit), so the test alone decides when they go.
 */
async function fireHeld(orgId: string, ruleId: string, threshold: number): Promise<{ alertId: string; rows: NotificationRow[] }> {
  const alertId = await sql.begin(async (tx) => {
    const now = new Date();
    const fire = {
      rule_id: ruleId, subject: "", facts: actualFacts(threshold, String(threshold * 10 + 5)), notify: "sent",
      period_start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      period_end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    };
    const [row] = await tx<{ id: string }[]>`select id from private.record_alerts(${orgId}, ${tx.json({ fire: [fire] })}) as id`;
    await tx`update public.notifications set next_attempt_at = now() + interval '1 hour' where alert_id = ${row.id}`;
    await tx`delete from net.http_request_queue where url like '%/functions/v1/dispatch-notifications'`;
    return row.id;
  });
  return { alertId, rows: await notificationsOfAlert(sql, alertId) };
}

describe("a fired alert", () => {
  it("reaches Resend, Twilio and the webhook through the poke alone, each with its provider's id", async () => {
    const org = await deliveryOrg(sql, "fanout");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const hook = await verifiedChannel(sql, org.id, "webhook", receiver.url, receiver.secret);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [sms, hook] });

    const started = Date.now();
    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "820"));
    const [email, text, webhook] = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => [row.channel, row.status])).toEqual([["email", "sent"], ["sms", "sent"], ["webhook", "sent"]]);
      return rows;
    });
    // No cron here: only the poke after record_alerts' commit could have sent them, and quickly.
    expect(Date.now() - started).toBeLessThan(15_000);

    // Email: the SDK's request, keyed by the notification id, from the configured sender.
    const [emailRequest] = resendRequestsFor(email.id);
    expect(resendRequestsFor(email.id)).toHaveLength(1);
    expect(emailRequest.headers.authorization).toBe("Bearer re_test_delivery");
    expect(emailRequest.body).toMatchObject({
      from: EMAIL_FROM,
      to: org.owner.email,
      subject: expect.stringContaining("80"),
      html: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`),
      text: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`),
      tags: [{ name: "source", value: "alerts" }, { name: "type", value: "alert_fired" }, { name: "org", value: org.id }],
    });
    const sentEmail = resend.sent.find((sent) => (sent.body as { to: string }).to === org.owner.email);
    expect(email).toMatchObject({ provider: "resend", provider_message_id: sentEmail?.id, attempts: 1, locked_until: null, last_error: null });
    expect(email.sent_at).toBeInstanceOf(Date);

    // SMS: one message to the channel's number from the configured sender, with the link.
    expect(twilioRequestsTo(phone)).toHaveLength(1);
    const [message] = twilio.sent.filter((sent) => sent.to === phone);
    expect(message).toMatchObject({ from: TWILIO_FROM, body: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`) });
    expect(text).toMatchObject({ provider: "twilio", provider_message_id: message.sid, attempts: 1 });

    // Webhook: signed (the receiver verified it), webhook-id = the notification id, the documented body.
    const [delivery] = webhooksWithId(webhook.id);
    expect(webhooksWithId(webhook.id)).toHaveLength(1);
    expect(delivery).toMatchObject({ verified: true, status: 200 });
    expect(delivery.body).toMatchObject({
      type: "alert.fired",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        id: alertId, org: { id: org.id, slug: org.slug }, kind: "actual", severity: "warning", status: "open",
        budget: { id: org.budgetId }, facts: { kind: "actual", threshold: 80, spent: "820", amount: "1000" },
        url: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`),
      },
    });
    expect(webhook).toMatchObject({ provider: "webhook", provider_message_id: webhook.id, attempts: 1 });
  });
});

describe("retries", () => {
  it("after 500, then 429 with Retry-After, every message is sent exactly once when the providers recover", async () => {
    const org = await deliveryOrg(sql, "retry");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const hook = await verifiedChannel(sql, org.id, "webhook", receiver.url, receiver.secret);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [sms, hook] });
    resend.answerNext(resendErrors.internal(), resendErrors.rateLimited(300));
    twilio.answerNext(twilioErrors.internal(), twilioErrors.rateLimited());
    receiver.answerNext({ status: 500, body: "down" }, { status: 429, body: "slow down", headers: { "retry-after": "300" } });

    // Attempt 1 (the poke): every provider answers 500; each row waits 15–30 s.
    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "830"));
    const firstRound = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => [row.channel, row.status, row.attempts])).toEqual([["email", "pending", 1], ["sms", "pending", 1], ["webhook", "pending", 1]]);
      return rows;
    });
    expect(firstRound.map((row) => [row.last_error_code, row.provider])).toEqual([["internal_server_error", "resend"], ["20500", "twilio"], ["http_500", "webhook"]]);
    for (const row of firstRound) {
      const waited = await waitedSeconds(row.id);
      expect(waited).toBeGreaterThanOrEqual(15);
      expect(waited).toBeLessThanOrEqual(30);
    }
    const ids = firstRound.map((row) => row.id);

    // Attempt 2: 429s. Resend and the endpoint asked for 300 s and get them; Twilio gives none: 30–60 s.
    await dueNow(sql, ids);
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 3, sent: 0, retried: 3 });
    const [email, text, webhook] = await notificationsOfAlert(sql, alertId);
    expect([email, text, webhook].map((row) => [row.status, row.attempts, row.last_error_code])).toEqual([
      ["pending", 2, "rate_limit_exceeded"], ["pending", 2, "20429"], ["pending", 2, "http_429"],
    ]);
    expect(await waitedSeconds(email.id)).toBe(300);
    expect(await waitedSeconds(webhook.id)).toBe(300);
    expect(await waitedSeconds(text.id)).toBeGreaterThanOrEqual(30);
    expect(await waitedSeconds(text.id)).toBeLessThanOrEqual(60);

    // Attempt 3: recovered. Sent, with the attempts on record.
    await dueNow(sql, ids);
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 3, sent: 3, retried: 0 });
    const sent = await notificationsOfAlert(sql, alertId);
    expect(sent.map((row) => [row.status, row.attempts, row.locked_until])).toEqual([["sent", 3, null], ["sent", 3, null], ["sent", 3, null]]);

    // Provider side: three requests each, exactly one delivery each.
    expect(resendRequestsFor(email.id)).toHaveLength(3);
    expect(resend.sent.filter((message) => (message.body as { to: string }).to === org.owner.email)).toHaveLength(1);
    expect(twilioRequestsTo(phone)).toHaveLength(3);
    expect(twilio.sent.filter((message) => message.to === phone)).toHaveLength(1);
    expect(webhooksWithId(webhook.id).map((delivery) => delivery.status)).toEqual([500, 429, 200]);

    // Nothing is left to send: another run claims nothing and sends nothing more.
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 0 });
    expect(resendRequestsFor(email.id)).toHaveLength(3);
    expect(twilioRequestsTo(phone)).toHaveLength(3);
  });

  it("a message is dead once its last attempt failed", async () => {
    const org = await deliveryOrg(sql, "dead");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [], channels: [sms] });
    twilio.answerNext(twilioErrors.internal(), twilioErrors.internal());

    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "810"));
    await sql`update public.notifications set max_attempts = 2 where alert_id = ${alertId}`;
    const [row] = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([["pending", 1]]);
      return rows;
    });
    await dueNow(sql, [row.id]);
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 1, dead: 1 });
    expect(await notification(sql, row.id)).toMatchObject({
      status: "dead", attempts: 2, last_error_code: "20500", provider: "twilio", locked_until: null, sent_at: null, provider_message_id: null,
    });
    expect(twilio.sent.filter((message) => message.to === phone)).toHaveLength(0);
    await dueNow(sql, [row.id]);
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 0 });
  });

  it("without provider keys a message waits with a clear error, and goes once a key is there", async () => {
    const org = await deliveryOrg(sql, "nokey");
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [] });
    const { rows: [row] } = await fireHeld(org.id, rule, 80);
    await dueNow(sql, [row.id]);

    // The same dispatcher, run in Node with an environment that has no keys and is no local stack.
    const db = postgres(dbUrl(ports.db), { max: 2, onnotice: () => {} });
    try {
      const logged: string[] = [];
      const counts = await dispatchNotifications({ sql: db, settings: deliverySettingsSchema.parse({}), siteUrl, log: (line) => logged.push(line) });
      expect(counts).toEqual({ claimed: 1, sent: 0, retried: 1, dead: 0, rejected: 0 });
      expect(logged.join("\n")).toContain("not_configured");
    } finally {
      await db.end();
    }
    expect(await notification(sql, row.id)).toMatchObject({
      status: "pending", attempts: 1, last_error_code: "not_configured", last_error: expect.stringContaining("set RESEND_API_KEY"),
    });
    expect(resendRequestsFor(row.id)).toHaveLength(0);

    await dueNow(sql, [row.id]);
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await notification(sql, row.id)).toMatchObject({ status: "sent", attempts: 2, provider: "resend" });
    expect(resendRequestsFor(row.id)).toHaveLength(1);
  });
});

describe("a destination refused for good", () => {
  it("rejects the message, disables the channel with the reason and emails the owners and admins", async () => {
    const org = await deliveryOrg(sql, "stop");
    const phone = uniquePhone();
    twilio.refuse(phone, twilioErrors.unsubscribed());
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [], channels: [sms] });

    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "840"));
    const [rejected] = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => row.status)).toEqual(["rejected"]);
      return rows;
    });
    expect(rejected).toMatchObject({ attempts: 1, last_error_code: "21610", provider: "twilio", last_error: expect.stringContaining("unsubscribed") });
    expect(twilioRequestsTo(phone)).toHaveLength(1);

    const [channel] = await sql<{ disabled_at: Date | null; disabled_reason: string | null }[]>`
      select disabled_at, disabled_reason from public.notification_channels where id = ${sms}`;
    expect(channel.disabled_at).toBeInstanceOf(Date);
    expect(channel.disabled_reason).toContain("21610");
    expect(channel.disabled_reason).toContain("unsubscribed");

    // The admins hear of it by email, in the same run; plain members do not.
    const told = await eventually(async () => {
      const rows = await sql<NotificationRow[]>`
        select * from public.notifications where org_id = ${org.id} and purpose = 'channel_disabled' order by destination`;
      expect(rows.map((row) => [row.destination, row.status])).toEqual(
        [[org.admin.email, "sent"], [org.owner.email, "sent"]].sort((a, b) => a[0].localeCompare(b[0])));
      return rows;
    });
    for (const row of told) {
      expect(row).toMatchObject({ channel: "email", channel_id: null, provider: "resend" });
      expect(row.payload).toMatchObject({ type: "channel_disabled", channel_kind: "sms", destination: phone, reason: channel.disabled_reason });
      const [request] = resendRequestsFor(row.id);
      expect(request.body).toMatchObject({ to: row.destination, subject: expect.stringContaining("was disabled") });
    }

    // A disabled channel gets nothing more: the next alert of the rule has no one to tell.
    const next = await fireAlert(sql, org.id, await routedRule(sql, org.budgetId, 100, { members: [], channels: [sms] }), actualFacts(100, "1010"));
    expect(await notificationsOfAlert(sql, next)).toEqual([]);
  });
});

describe("claims", () => {
  it("concurrent dispatcher runs never send a message twice", async () => {
    const org = await deliveryOrg(sql, "race");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const hook = await verifiedChannel(sql, org.id, "webhook", receiver.url, receiver.secret);
    const budgets = [org.budgetId, ...await Promise.all([1, 2, 3].map((n) => insertBudget(sql, org.id, `Extra ${n} ${org.slug}`)))];
    const ids: string[] = [];
    for (const budgetId of budgets) {
      for (const threshold of [50, 80, 100]) {
        const rule = await routedRule(sql, budgetId, threshold, { members: [org.owner.id], channels: [sms, hook] });
        ids.push(...(await fireHeld(org.id, rule, threshold)).rows.map((row) => row.id));
      }
    }
    expect(ids).toHaveLength(36);

    await dueNow(sql, ids);
    const runs = await Promise.all([dispatch(gatewayUrl), dispatch(gatewayUrl), dispatch(gatewayUrl)]);
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(36);
    expect(runs.reduce((sum, run) => sum + run.claimed, 0)).toBe(36);

    const rows = await sql<NotificationRow[]>`select * from public.notifications where id in ${sql(ids)}`;
    // Claimed once each: one attempt, one send.
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    for (const row of rows.filter((r) => r.channel === "email")) expect(resendRequestsFor(row.id)).toHaveLength(1);
    for (const row of rows.filter((r) => r.channel === "webhook")) expect(webhooksWithId(row.id)).toHaveLength(1);
    const texts = twilioRequestsTo(phone);
    expect(texts).toHaveLength(12);
    const alertsTexted = texts.map((request) => /alert=([0-9a-f-]{36})/.exec(request.form.Body)?.[1]);
    expect(new Set(alertsTexted).size).toBe(12);
  });

  it("a claim whose lease ran out is claimed again; a live one is left alone; the lost run's late outcome is dropped", async () => {
    const org = await deliveryOrg(sql, "lease");
    const crashed = (await fireHeld(org.id, await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [] }), 80)).rows[0];
    const busy = (await fireHeld(org.id, await routedRule(sql, org.budgetId, 100, { members: [org.owner.id], channels: [] }), 100)).rows[0];
    // A run claimed both (attempt 1) and died with the first: its lease is over. The second's is live.
    await sql`update public.notifications set status = 'sending', attempts = 1, next_attempt_at = now(), locked_until = now() - interval '1 second' where id = ${crashed.id}`;
    await sql`update public.notifications set status = 'sending', attempts = 1, next_attempt_at = now(), locked_until = now() + interval '1 hour' where id = ${busy.id}`;

    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await notification(sql, crashed.id)).toMatchObject({ status: "sent", attempts: 2, locked_until: null, provider: "resend" });
    expect(await notification(sql, busy.id)).toMatchObject({ status: "sending", attempts: 1, sent_at: null });
    expect(resendRequestsFor(busy.id)).toHaveLength(0);

    // The run that died comes back to life and reports attempt 1: fenced off, the row stays sent.
    const stale: ClaimedRow = { ...crashed, channel: "email", attempts: 1 };
    const recorded = await recordOutcome(sql, stale, { status: "pending", delayMs: 1000, code: "20500", error: "late", provider: "twilio" });
    expect(recorded).toBe(false);
    expect(await notification(sql, crashed.id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
    await sql`delete from public.notifications where id = ${busy.id}`;
  });
});

describe("messages that cannot be sent", () => {
  it("a payload that does not parse or render is rejected at once, never retried", async () => {
    const org = await deliveryOrg(sql, "bad");
    const orgPayload = { id: org.id, name: "Acme", slug: org.slug };
    const digest = {
      type: "digest", org: orgPayload, currency: "USD", week_start: "2026-02-23T00:00:00Z", week_end: "2026-03-02T00:00:00Z",
      spent: "10", previous_spent: "5", top_services: [], open_alerts: 0,
    };
    const phone = uniquePhone();
    const rows = await sql<{ id: string; purpose: string }[]>`
      insert into public.notifications (org_id, purpose, channel, destination, payload) values
        (${org.id}, 'digest', 'sms', ${phone}, ${sql.json(digest)}),
        (${org.id}, 'alert_fired', 'email', ${org.owner.email}, ${sql.json({ type: "alert_fired", org: orgPayload })})
      returning id, purpose`;
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 2, rejected: 2 });
    const [digestRow, alertRow] = await Promise.all(rows.map((row) => notification(sql, row.id)));
    expect(digestRow).toMatchObject({ status: "rejected", attempts: 1, last_error_code: "unrenderable", last_error: "A digest notification cannot be sent by sms." });
    expect(alertRow).toMatchObject({ status: "rejected", attempts: 1, last_error_code: "invalid_payload", last_error: expect.stringContaining("alert") });
    expect(twilioRequestsTo(phone)).toHaveLength(0);
    expect(resendRequestsFor(alertRow.id)).toHaveLength(0);
  });

  it("a fired message still waiting when its alert resolved gives way to the resolved one", async () => {
    const org = await deliveryOrg(sql, "superseded");
    const hook = await verifiedChannel(sql, org.id, "webhook", receiver.url, receiver.secret);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [hook] });
    const { alertId, rows: fired } = await fireHeld(org.id, rule, 80);

    await resolveAlert(sql, org.id, alertId);
    const resolved = await eventually(async () => {
      const rows = (await notificationsOfAlert(sql, alertId)).filter((row) => row.purpose === "alert_resolved");
      expect(rows.map((row) => [row.channel, row.status])).toEqual([["email", "sent"], ["webhook", "sent"]]);
      return rows;
    });
    await dueNow(sql, fired.map((row) => row.id));
    expect(await dispatch(gatewayUrl)).toMatchObject({ claimed: 2, rejected: 2, sent: 0 });
    for (const row of fired) {
      expect(await notification(sql, row.id)).toMatchObject({ status: "rejected", last_error_code: "superseded", attempts: 1 });
    }
    expect(webhooksWithId(resolved[1].id).map((delivery) => (delivery.body as { type: string }).type)).toEqual(["alert.resolved"]);
    expect(webhooksWithId(fired.find((row) => row.channel === "webhook")!.id)).toHaveLength(0);
    expect(resendRequestsFor(fired.find((row) => row.channel === "email")!.id)).toHaveLength(0);
  });
});

describe("the function", () => {
  it("refuses callers without the service-role key", async () => {
    const { status, body } = await invokeDispatcher(gatewayUrl, anonJwt);
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: { code: "forbidden" } });
  });
});
