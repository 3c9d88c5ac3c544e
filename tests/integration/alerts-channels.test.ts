/**
 * Notification channels and the weekly digest against the real stack, as signed-in users under
 * RLS: destinations checked per kind; email and SMS codes (sent through the outbox, stored as a
 * hash, 5 attempts, 15 minutes, a new one at most once a minute); webhooks with a signing secret
 * returned once — members can't read it — and verified by a test the dispatcher delivers to a
 * receiver on loopback; disabled channels turned back on; deletion; another organization's
 * channels are not found and nothing changes; each member's own digest opt-in.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { insertBudget, ruleOf } from "./alerts-support.ts";
import { db } from "../../lib/db/index.ts";
import { confirmWebhookTest } from "../../lib/services/alerts/confirm-webhook-test.ts";
import { createChannel } from "../../lib/services/alerts/create-channel.ts";
import { deleteChannel } from "../../lib/services/alerts/delete-channel.ts";
import { enableChannel } from "../../lib/services/alerts/enable-channel.ts";
import { getWeeklyDigest } from "../../lib/services/alerts/get-weekly-digest.ts";
import { listChannels } from "../../lib/services/alerts/list-channels.ts";
import { resendVerificationCode } from "../../lib/services/alerts/resend-verification-code.ts";
import { sendChannelTest } from "../../lib/services/alerts/send-channel-test.ts";
import { setWeeklyDigest } from "../../lib/services/alerts/set-weekly-digest.ts";
import { updateAlertRule } from "../../lib/services/alerts/update-alert-rule.ts";
import { verifyChannelCode } from "../../lib/services/alerts/verify-channel-code.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();

let admin: OrgContext;
let member: OrgContext;
let viewer: OrgContext;
let outsider: OrgContext;

async function failure(call: Promise<unknown>) {
  const error = await call.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  const { code, message, fieldErrors } = error as ServiceError;
  return { code, message, fields: Object.keys(fieldErrors ?? {}) };
}

/** The newest verification code sent to a channel: only the outbox row's payload carries it. */
async function codeFor(channelId: string): Promise<string> {
  const [row] = await sql<{ code: string }[]>`
    select payload ->> 'code' as code from public.notifications where channel_id = ${channelId} and purpose = 'verification' order by created_at desc limit 1`;
  return row.code;
}

async function channelRow(channelId: string) {
  const [row] = await sql`select * from public.notification_channels where id = ${channelId}`;
  return row;
}

/** A customer's endpoint on loopback: keeps what it got and answers 200 (404 at /missing). */
type Received = { raw: string; headers: IncomingHttpHeaders };
const received: Received[] = [];
const receiver = createServer(async (request, response) => {
  let raw = "";
  for await (const chunk of request) raw += chunk;
  received.push({ raw, headers: request.headers });
  response.writeHead(request.url === "/missing" ? 404 : 200).end("ok");
});

beforeAll(async () => {
  const team = await teamOrg(sql, "channels");
  admin = team.owner;
  member = await team.as("member");
  viewer = await team.as("viewer");
  outsider = (await teamOrg(sql, "channels-other")).owner;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await sql.end();
});

describe("adding channels", () => {
  it("check each kind's destination with a clear message, and refuse private webhook addresses", async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
    const cases: [Parameters<typeof createChannel>[1], RegExp][] = [
      [{ kind: "sms", destination: "415 555 0100" }, /must start with \+/],
      [{ kind: "sms", destination: "+1 555" }, /full international number/],
      [{ kind: "email", destination: "ops@" }, /email address like/],
      [{ kind: "webhook", destination: "http://127.0.0.1:9/hook" }, /./],
      [{ kind: "webhook", destination: "https://169.254.169.254/latest" }, /./],
      [{ kind: "webhook", destination: "ftp://example.com/x" }, /https/],
    ];
    for (const [input, message] of cases) {
      const answer = await failure(createChannel(admin, input));
      expect(answer, input.destination).toMatchObject({ code: "invalid", fields: ["destination"], message: expect.stringMatching(message) });
    }
    expect((await listChannels(admin))).toEqual([]);
  });

  it("let only admins add channels, members see them, viewers neither", async () => {
    expect(await failure(createChannel(member, { kind: "email", destination: "a@example.test" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(listChannels(viewer))).toMatchObject({ code: "forbidden" });
    expect(await listChannels(member)).toEqual([]);
  });

  it("send a 6-digit code to a new phone number through the outbox, storing only its hash", async () => {
    const { channel, secret } = await createChannel(admin, { kind: "sms", name: "On-call phone", destination: "+1 (415) 555-0100" });
    expect(secret).toBeNull();
    expect(channel).toMatchObject({ kind: "sms", name: "On-call phone", destination: "+14155550100", status: "awaiting_code", verified_at: null });
    const code = await codeFor(channel.id);
    expect(code).toMatch(/^\d{6}$/);
    const [message] = await sql`select * from public.notifications where channel_id = ${channel.id}`;
    expect(message).toMatchObject({ purpose: "verification", channel: "sms", destination: "+14155550100", org_id: admin.org.id });
    expect(message.payload).toMatchObject({ type: "verification", channel_name: "On-call phone", org: { id: admin.org.id, slug: admin.org.slug } });
    const row = await channelRow(channel.id);
    expect(row.verification_code_hash).toBe(createHash("sha256").update(code).digest("hex"));
    expect(row.verification_expires_at.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await failure(createChannel(admin, { kind: "sms", destination: "+14155550100" }))).toMatchObject({ code: "conflict", fields: ["destination"] });
  });

  it("keep the code and the signing secret from members: the columns are not readable", async () => {
    const [channel] = await listChannels(member);
    for (const column of ["signing_secret", "verification_code_hash", "verification_attempts"]) {
      const read = db().withUser(member.actor.claims, (tx) => tx`select ${tx(column)} from public.notification_channels where id = ${channel.id}`);
      await expect(read, column).rejects.toMatchObject({ code: "42501" });
    }
    // Nor can a member write the outbox or an admin mark a channel verified by hand.
    const forge = db().withUser(admin.actor.claims, (tx) => tx`update public.notification_channels set verified_at = now() where id = ${channel.id}`);
    await expect(forge).rejects.toMatchObject({ code: "42501" });
  });
});

describe("verifying with a code", () => {
  it("count a wrong code as an attempt, refuse a resend within a minute, then accept the right code", async () => {
    const [channel] = await listChannels(admin);
    const code = await codeFor(channel.id);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await failure(verifyChannelCode(admin, { channelId: channel.id, code: wrong }))).toEqual({
      code: "invalid", message: "That code is not right. 4 attempts left.", fields: ["code"],
    });
    expect((await channelRow(channel.id)).verification_attempts).toBe(1);
    expect(await failure(verifyChannelCode(admin, { channelId: channel.id, code: "12ab" }))).toMatchObject({ code: "invalid", fields: ["code"] });
    expect(await failure(resendVerificationCode(admin, { channelId: channel.id }))).toMatchObject({ code: "conflict", message: expect.stringMatching(/Wait \d+ s/) });
    expect(await failure(verifyChannelCode(member, { channelId: channel.id, code }))).toMatchObject({ code: "forbidden" });

    const verified = await verifyChannelCode(admin, { channelId: channel.id, code });
    expect(verified).toMatchObject({ status: "verified", verified_at: expect.any(Date) });
    expect(await channelRow(channel.id)).toMatchObject({ verification_code_hash: null, verification_attempts: 0 });
  });

  it("stop after 5 wrong codes until a new code is sent", async () => {
    const { channel } = await createChannel(admin, { kind: "email", destination: "  Alerts@Example.TEST " });
    expect(channel).toMatchObject({ destination: "alerts@example.test", name: "alerts@example.test" });
    const code = await codeFor(channel.id);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await failure(verifyChannelCode(admin, { channelId: channel.id, code: wrong }))).message).toBe(`That code is not right. ${5 - attempt} ${attempt === 4 ? "attempt" : "attempts"} left.`);
    }
    expect((await failure(verifyChannelCode(admin, { channelId: channel.id, code: wrong }))).message).toBe("Too many wrong codes. Send a new code.");
    expect((await failure(verifyChannelCode(admin, { channelId: channel.id, code }))).message).toBe("Too many wrong codes. Send a new code.");
    expect((await channelRow(channel.id)).verified_at).toBeNull();

    // A minute later a new code may be sent; it replaces the old one and its count.
    const later = Date.now() + 61_000;
    await resendVerificationCode(admin, { channelId: channel.id }, later);
    const fresh = await codeFor(channel.id);
    expect((await channelRow(channel.id)).verification_attempts).toBe(0);
    if (fresh !== code) expect((await failure(verifyChannelCode(admin, { channelId: channel.id, code }, later))).code).toBe("invalid");
    expect((await verifyChannelCode(admin, { channelId: channel.id, code: fresh }, later)).status).toBe("verified");
  });

  it("refuse an expired code", async () => {
    const { channel } = await createChannel(admin, { kind: "sms", destination: "+447700900123" });
    const code = await codeFor(channel.id);
    expect(await failure(verifyChannelCode(admin, { channelId: channel.id, code }, Date.now() + 16 * 60_000))).toEqual({
      code: "invalid", message: "This code has expired. Send a new code.", fields: ["code"],
    });
    await sql`update public.notification_channels set verification_expires_at = now() - interval '1 second' where id = ${channel.id}`;
    expect((await listChannels(admin)).find((c) => c.id === channel.id)?.status).toBe("code_expired");
  });
});

describe("tests and webhooks", () => {
  it("send a test only to a verified email or phone, at most once a minute", async () => {
    const channels = await listChannels(admin);
    const verified = channels.find((c) => c.destination === "+14155550100");
    const waiting = channels.find((c) => c.destination === "+447700900123");
    if (!verified || !waiting) throw new Error("fixtures missing");
    expect(await failure(sendChannelTest(admin, { channelId: waiting.id }))).toMatchObject({ code: "conflict", message: "Verify this channel with its code first." });
    const sent = await sendChannelTest(admin, { channelId: verified.id });
    expect(sent.latest_test).toMatchObject({ status: expect.stringMatching(/^(pending|sending|sent)$/) });
    const [test] = await sql`select * from public.notifications where channel_id = ${verified.id} and purpose = 'test'`;
    expect(test.payload).toMatchObject({ type: "test", requested_by: admin.actor.email, channel_name: "On-call phone" });
    expect(await failure(sendChannelTest(admin, { channelId: verified.id }))).toMatchObject({ code: "conflict", message: expect.stringMatching(/moments ago/) });
  });

  it("return a webhook's signing secret once, sign the test with it, and verify the endpoint once the test arrived", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/spendguard`;
    const { channel, secret } = await createChannel(admin, { kind: "webhook", destination: url });
    expect(channel).toMatchObject({ kind: "webhook", name: `127.0.0.1:${(receiver.address() as AddressInfo).port}`, status: "unverified" });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from((secret ?? "").slice(6), "base64")).toHaveLength(32);
    expect((await channelRow(channel.id)).signing_secret).toBe(secret);
    expect(JSON.stringify(await listChannels(admin))).not.toContain(secret);
    // No code for webhooks, and nothing to confirm before a test.
    expect(await sql`select 1 from public.notifications where channel_id = ${channel.id}`).toHaveLength(0);
    expect(await failure(confirmWebhookTest(admin, { channelId: channel.id }))).toMatchObject({ code: "conflict", message: expect.stringMatching(/Send a test first/) });

    await sendChannelTest(admin, { channelId: channel.id });
    // The dispatcher (poked by the test's transaction) delivers it.
    await expect.poll(async () => (await listChannels(admin)).find((c) => c.id === channel.id)?.latest_test?.status, { timeout: 20_000 }).toBe("sent");
    const delivery = received.at(-1);
    if (!delivery) throw new Error("nothing arrived");
    const body = new Webhook(secret ?? "").verify(delivery.raw, {
      "webhook-id": String(delivery.headers["webhook-id"]),
      "webhook-timestamp": String(delivery.headers["webhook-timestamp"]),
      "webhook-signature": String(delivery.headers["webhook-signature"]),
    });
    expect(body).toMatchObject({ type: expect.stringContaining("test") });

    expect(await confirmWebhookTest(admin, { channelId: channel.id })).toMatchObject({ status: "verified" });
  });

  it("say why a webhook test has not arrived", async () => {
    const { channel } = await createChannel(admin, { kind: "webhook", destination: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/missing` });
    await sendChannelTest(admin, { channelId: channel.id });
    await expect.poll(async () => (await listChannels(admin)).find((c) => c.id === channel.id)?.latest_test?.last_error, { timeout: 20_000 }).toBeTruthy();
    expect(await failure(confirmWebhookTest(admin, { channelId: channel.id }))).toMatchObject({
      code: "conflict", message: "The test has not arrived yet: The webhook endpoint answered HTTP 404. It is being retried; fix the endpoint or send another test.",
    });
    expect((await channelRow(channel.id)).verified_at).toBeNull();
  });
});

describe("disabled channels, deletion and other organizations", () => {
  it("show a disabled channel with its reason and turn it back on unverified, with a new code", async () => {
    const [phone] = (await listChannels(admin)).filter((c) => c.destination === "+14155550100");
    await sql`update public.notification_channels set disabled_at = now(), disabled_reason = 'Twilio 21610: the recipient replied STOP' where id = ${phone.id}`;
    expect((await listChannels(member)).find((c) => c.id === phone.id)).toMatchObject({ status: "disabled", disabled_reason: "Twilio 21610: the recipient replied STOP" });
    expect(await failure(sendChannelTest(admin, { channelId: phone.id }))).toMatchObject({ code: "conflict" });
    const codes = (await sql`select 1 from public.notifications where channel_id = ${phone.id} and purpose = 'verification'`).length;

    const enabled = await enableChannel(admin, { channelId: phone.id });
    expect(enabled).toMatchObject({ status: "awaiting_code", disabled_at: null, disabled_reason: null, verified_at: null });
    expect(await sql`select 1 from public.notifications where channel_id = ${phone.id} and purpose = 'verification'`).toHaveLength(codes + 1);
    expect(await failure(enableChannel(admin, { channelId: phone.id }))).toMatchObject({ code: "conflict", message: "This channel is not disabled." });
  });

  it("answer not found for another organization's channel and change nothing", async () => {
    const { channel: theirs } = await createChannel(outsider, { kind: "sms", destination: "+14155550199" });
    await sql`update public.notification_channels set disabled_at = now(), disabled_reason = 'x' where id = ${theirs.id}`;
    const before = await channelRow(theirs.id);
    // The dispatcher may be working on its code message meanwhile: compare which messages exist, not their state.
    const messages = await sql`select id from public.notifications where channel_id = ${theirs.id} order by id`;
    const code = await codeFor(theirs.id);
    for (const call of [
      () => verifyChannelCode(admin, { channelId: theirs.id, code }),
      () => resendVerificationCode(admin, { channelId: theirs.id }),
      () => sendChannelTest(admin, { channelId: theirs.id }),
      () => confirmWebhookTest(admin, { channelId: theirs.id }),
      () => enableChannel(admin, { channelId: theirs.id }),
      () => deleteChannel(admin, { channelId: theirs.id }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: "not_found" });
    }
    expect(await channelRow(theirs.id)).toEqual(before);
    expect(await sql`select id from public.notifications where channel_id = ${theirs.id} order by id`).toEqual(messages);
  });

  it("delete a channel and take it out of the rules that named it", async () => {
    const budgetId = await insertBudget(sql, admin.org.id, "Channel budget");
    const ruleId = await ruleOf(sql, budgetId, "actual", 80);
    const [phone] = (await listChannels(admin)).filter((c) => c.destination === "+14155550100");
    expect((await updateAlertRule(byUser(admin), ruleId, { channel_ids: [phone.id] })).channel_ids).toEqual([phone.id]);
    expect(await failure(deleteChannel(member, { channelId: phone.id }))).toMatchObject({ code: "forbidden" });
    await deleteChannel(admin, { channelId: phone.id });
    expect(await sql`select channel_ids from public.alert_rules where id = ${ruleId}`).toEqual([{ channel_ids: [] }]);
    expect(await failure(deleteChannel(admin, { channelId: phone.id }))).toMatchObject({ code: "not_found" });
    expect(await failure(deleteChannel(admin, { channelId: randomUUID() }))).toMatchObject({ code: "not_found" });
  });
});

describe("weekly digest", () => {
  it("let every member, viewers too, opt in and out for themselves only", async () => {
    expect(await getWeeklyDigest(viewer)).toBe(false);
    expect(await setWeeklyDigest(viewer, { enabled: "on" })).toEqual({ enabled: true });
    expect(await getWeeklyDigest(viewer)).toBe(true);
    expect(await getWeeklyDigest(admin)).toBe(false);
    const rows = await sql<{ user_id: string; weekly_digest: boolean }[]>`select user_id, weekly_digest from public.memberships where org_id = ${admin.org.id} and weekly_digest`;
    expect(rows.map((row) => row.user_id)).toEqual([viewer.actor.userId]);
    await setWeeklyDigest(viewer, { enabled: false });
    expect(await getWeeklyDigest(viewer)).toBe(false);
  });
});
