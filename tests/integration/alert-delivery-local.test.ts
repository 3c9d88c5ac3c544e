/**
 * The local stack without provider keys (the shared integration stack: its functions run with
 * SPENDGUARD_LOCAL_STACK=1 and no Resend or Twilio settings): alert emails and texts are captured
 * in local_dev.outbox for /dev/outbox, once per notification however often they are sent;
 * webhooks are posted for real (loopback allowed) and a copy of exactly what was sent is captured
 * too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayUrl, siteUrl, superuserSql } from "../helpers/local-stack.ts";
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from "../helpers/fake-webhook-receiver.ts";
import {
  deliveryOrg, dispatch, dueNow, eventually, notificationsOfAlert, routedRule, uniquePhone, verifiedChannel, type NotificationRow,
} from "./alert-delivery-support.ts";
import { actualFacts, fireAlert } from "./alerts-support.ts";

const sql = superuserSql();
let receiver: FakeWebhookReceiver;
beforeAll(async () => {
  receiver = await startFakeWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await sql.end();
});

type Captured = {
  id: string; channel: string; source: string; recipient: string; subject: string | null;
  body_html: string | null; body_text: string | null; meta: Record<string, unknown>;
};

const capturedFor = (notificationId: string) => sql<Captured[]>`
  select id::text, channel, source, recipient, subject, body_html, body_text, meta
  from local_dev.outbox where meta->>'idempotency_key' = ${notificationId} order by id`;

describe("without provider keys on the local stack", () => {
  it("captures the email and the SMS once each, posts the webhook and keeps a copy of it", async () => {
    const org = await deliveryOrg(sql, "local");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const hook = await verifiedChannel(sql, org.id, "webhook", receiver.url, receiver.secret);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [sms, hook] });

    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "850"));
    // The poke sends them (shown on a stack of its own in alert-delivery.test.ts); a run of our
    // own, as the minute cron makes, keeps this shared and busy stack from making us wait for it.
    await dispatch(gatewayUrl);
    const [email, text, webhook] = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => [row.channel, row.status])).toEqual([["email", "sent"], ["sms", "sent"], ["webhook", "sent"]]);
      return rows;
    });

    const [capturedEmail] = await capturedFor(email.id);
    expect(email).toMatchObject({ provider: "local-outbox", provider_message_id: `local-${capturedEmail.id}`, attempts: 1 });
    expect(capturedEmail).toMatchObject({
      channel: "email", source: "alerts", recipient: org.owner.email,
      subject: expect.stringContaining("80"), body_html: expect.stringContaining("<"), body_text: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`),
      meta: { type: "alert_fired", idempotency_key: email.id, tags: { type: "alert_fired", org: org.id }, link: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`) },
    });

    const [capturedText] = await capturedFor(text.id);
    expect(text).toMatchObject({ provider: "local-outbox", provider_message_id: `local-${capturedText.id}` });
    expect(capturedText).toMatchObject({
      channel: "sms", source: "alerts", recipient: phone, subject: null, body_html: null,
      body_text: expect.stringContaining(`${siteUrl}/${org.slug}/alerts`), meta: { type: "alert_fired", idempotency_key: text.id },
    });

    const deliveries = receiver.received.filter((delivery) => delivery.headers["webhook-id"] === webhook.id);
    expect(deliveries.map((delivery) => [delivery.verified, delivery.status])).toEqual([[true, 200]]);
    expect(webhook).toMatchObject({ provider: "webhook", provider_message_id: webhook.id });
    const [copy] = await eventually(async () => {
      const rows = await capturedFor(webhook.id);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(copy).toMatchObject({
      channel: "webhook", source: "alerts", recipient: receiver.url, subject: "alert.fired", body_text: deliveries[0].raw,
      meta: {
        type: "alert_fired", event: "alert.fired", status: 200, idempotency_key: webhook.id,
        headers: {
          "webhook-id": webhook.id,
          "webhook-timestamp": deliveries[0].headers["webhook-timestamp"],
          "webhook-signature": deliveries[0].headers["webhook-signature"],
          "content-type": "application/json",
        },
      },
    });
  });

  it("a message sent again (its answer lost) is still captured once", async () => {
    const org = await deliveryOrg(sql, "local-again");
    const phone = uniquePhone();
    const sms = await verifiedChannel(sql, org.id, "sms", phone);
    const rule = await routedRule(sql, org.budgetId, 80, { members: [org.owner.id], channels: [sms] });
    const alertId = await fireAlert(sql, org.id, rule, actualFacts(80, "860"));
    await dispatch(gatewayUrl);
    const first = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => row.status)).toEqual(["sent", "sent"]);
      return rows;
    });

    // As if the dispatcher had died before recording the sends: the rows are due again.
    await sql`update public.notifications set status = 'pending', sent_at = null where id in ${sql(first.map((row) => row.id))}`;
    await dueNow(sql, first.map((row) => row.id));
    await dispatch(gatewayUrl);
    const again = await eventually(async () => {
      const rows = await notificationsOfAlert(sql, alertId);
      expect(rows.map((row) => [row.status, row.attempts])).toEqual([["sent", 2], ["sent", 2]]);
      return rows;
    });
    for (const [before, after] of first.map((row, index): [NotificationRow, NotificationRow] => [row, again[index]])) {
      expect(after.provider_message_id).toBe(before.provider_message_id);
      expect(await capturedFor(after.id)).toHaveLength(1);
    }
  });
});
