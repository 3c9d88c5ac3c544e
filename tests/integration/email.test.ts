/**
 * The transactional email path end to end: the official `resend` SDK against a fake Resend server on
 * loopback, the local stack's capture in local_dev.outbox, and the refusal when neither is configured.
 * Transports are built from explicit settings; the last block checks sendEmail's own reading of the
 * environment.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { renderInvitationEmail } from "@/lib/core/notifications/render-invitation-email.ts";
import { createDb, type Db } from "@/lib/db/client";
import { ChannelNotConfiguredError, DeliveryError, sendEmail, type EmailMessage } from "@/lib/services/notifications/send-email";
import { emailTransport, type EmailSettings } from "@/lib/services/notifications/transports";
import { dbUrl } from "../../supabase/local/config.ts";
import { resendError, resendErrors, startFakeResend, type FakeAnswer, type FakeResend } from "../helpers/fake-resend.ts";
import { gatewayUrl, publishableKey, secretKey, siteUrl, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { integrationPorts } from "../helpers/ports.ts";

const from = "Spendguard <notifications@spendguard.dev>";
const databaseUrl = dbUrl(integrationPorts.db);
const sql = superuserSql();

let fake: FakeResend;
beforeAll(async () => {
  fake = await startFakeResend();
});
afterAll(async () => {
  await fake.close();
  await sql.end();
});

function invitation(overrides: Partial<EmailMessage> = {}): EmailMessage {
  const rendered = renderInvitationEmail({
    orgName: "Acme <Robotics>",
    inviterEmail: "ada@acme.test",
    inviterName: "Ada",
    role: "admin",
    acceptUrl: `${siteUrl}/invitations/accept?token=tok_${randomUUID()}`,
    expiresAt: new Date("2026-03-10T14:05:00Z"),
  });
  return {
    to: uniqueEmail("invitee"),
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    idempotencyKey: `invitation-${randomUUID()}`,
    tags: { type: "invitation" },
    source: "invitations",
    ...overrides,
  };
}

const noDatabase: Db["withService"] = () => Promise.reject(new Error("the Resend path must not touch the database"));

function resendSettings(overrides: Partial<EmailSettings> = {}): EmailSettings {
  return { RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fake.url, EMAIL_FROM: from, ...overrides };
}

const viaResend = () => emailTransport(resendSettings(), noDatabase);

/** The error a send failed with (the test fails if it did not). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.fail("expected the send to fail"), (error: unknown) => error);
}

describe("through Resend (RESEND_API_KEY set)", () => {
  it("sends the official SDK's request: bearer key, idempotency key, sender, both parts, tags", async () => {
    const message = invitation();
    const before = fake.requests.length;
    const result = await sendEmail(message, viaResend());

    expect(fake.requests).toHaveLength(before + 1);
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ method: "POST", path: "/emails" });
    expect(request.headers).toMatchObject({
      authorization: "Bearer re_test_123",
      "idempotency-key": message.idempotencyKey,
      "content-type": "application/json",
    });
    expect(request.headers["user-agent"]).toMatch(/^resend-node:/);
    expect(request.body).toEqual({
      from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      tags: [{ name: "source", value: "invitations" }, { name: "type", value: "invitation" }],
    });
    expect(result).toEqual({ provider: "resend", id: fake.sent.at(-1)!.id });
  });

  it("sends no Idempotency-Key header when the message has none", async () => {
    await sendEmail(invitation({ idempotencyKey: undefined, tags: undefined }), viaResend());
    const request = fake.requests.at(-1)!;
    expect(request.headers).not.toHaveProperty("idempotency-key");
    expect(request.body).toMatchObject({ tags: [{ name: "source", value: "invitations" }] });
  });

  it("a send retried with the same key is delivered once and answers the first id", async () => {
    const message = invitation();
    const sentBefore = fake.sent.length;
    const first = await sendEmail(message, viaResend());
    const second = await sendEmail(message, viaResend());
    expect(second).toEqual(first);
    expect(fake.sent).toHaveLength(sentBefore + 1);
  });

  it("a send that failed with a retryable error succeeds when retried with its key", async () => {
    const message = invitation();
    fake.answerNext(resendErrors.rateLimited(2));
    const error = await failure(sendEmail(message, viaResend()));
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 2 });
    const retried = await sendEmail(message, viaResend());
    expect(fake.sent.filter((email) => email.id === retried.id)).toHaveLength(1);
  });

  type Expected = { code: string; status: number; retryable: boolean; retryAfterSeconds?: number };
  it.each<{ label: string; answer: FakeAnswer; expected: Expected }>([
    { label: "429 rate limited: retryable, after its Retry-After", answer: resendErrors.rateLimited(3), expected: { code: "rate_limit_exceeded", status: 429, retryable: true, retryAfterSeconds: 3 } },
    { label: "429 daily quota: retryable", answer: resendError(429, "daily_quota_exceeded", "You have reached your daily email sending quota."), expected: { code: "daily_quota_exceeded", status: 429, retryable: true } },
    { label: "500: retryable", answer: resendErrors.internal(), expected: { code: "internal_server_error", status: 500, retryable: true } },
    { label: "500 without statusCode in the body: retryable", answer: resendError(500, "application_error", "Something went wrong.", { omitStatusCode: true }), expected: { code: "application_error", status: 500, retryable: true } },
    { label: "502 page from a proxy, not JSON: retryable", answer: { status: 502, body: "<html>Bad gateway</html>" }, expected: { code: "application_error", status: 502, retryable: true } },
    { label: "409 same key still in flight: retryable", answer: resendError(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress."), expected: { code: "concurrent_idempotent_requests", status: 409, retryable: true } },
    { label: "422 validation: final", answer: resendErrors.validation(), expected: { code: "validation_error", status: 422, retryable: false } },
    { label: "422 unverified sender without statusCode in the body: final", answer: resendError(422, "invalid_from_address", "Invalid `from` field.", { omitStatusCode: true }), expected: { code: "invalid_from_address", status: 422, retryable: false } },
    { label: "401 restricted key: final", answer: resendError(401, "restricted_api_key", "This API key is restricted to only send emails."), expected: { code: "restricted_api_key", status: 401, retryable: false } },
    { label: "403 invalid key: final", answer: resendError(403, "invalid_api_key", "API key is invalid."), expected: { code: "invalid_api_key", status: 403, retryable: false } },
    { label: "409 key reused for another message: final", answer: resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload."), expected: { code: "invalid_idempotent_request", status: 409, retryable: false } },
  ])("$label", async ({ answer, expected }) => {
    fake.answerNext(answer);
    const error = await failure(sendEmail(invitation(), viaResend()));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: "resend", retryAfterSeconds: undefined, ...expected });
    expect((error as Error).message).toContain(expected.code);
  });

  it("a key reused for a different message is refused by Resend, not sent", async () => {
    const message = invitation();
    await sendEmail(message, viaResend());
    const error = await failure(sendEmail({ ...message, subject: "Something else" }, viaResend()));
    expect(error).toMatchObject({ code: "invalid_idempotent_request", status: 409, retryable: false });
  });

  it("an unreachable Resend is a retryable error with no status", async () => {
    const closed = await startFakeResend();
    await closed.close();
    const error = await failure(sendEmail(invitation(), emailTransport(resendSettings({ RESEND_BASE_URL: closed.url }), noDatabase)));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: "resend", status: null, retryable: true });
  });

  it.each<[string, Partial<EmailMessage>]>([
    ["a recipient that is not an address", { to: "not-an-address" }],
    ["an empty subject", { subject: "" }],
    ["a tag Resend would refuse", { tags: { "org name": "Acme Robotics" } }],
    ["an idempotency key over 256 characters", { idempotencyKey: "k".repeat(257) }],
  ])("refuses %s before calling Resend", async (_label, overrides) => {
    const before = fake.requests.length;
    const error = await failure(sendEmail(invitation(overrides), viaResend()));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: "validation_error", retryable: false });
    expect(fake.requests).toHaveLength(before);
  });
});

describe("captured by the local stack (no RESEND_API_KEY, SPENDGUARD_LOCAL_STACK=1)", () => {
  const db = createDb(databaseUrl, { max: 4 });
  afterAll(() => db.sql.end());
  const viaOutbox = () => emailTransport({ EMAIL_FROM: from, SPENDGUARD_LOCAL_STACK: "1" }, db.withService);

  const capturedFor = (recipient: string) => sql<{
    id: string; channel: string; source: string; subject: string; body_html: string; body_text: string; meta: unknown;
  }[]>`select id::text, channel, source, subject, body_html, body_text, meta from local_dev.outbox where recipient = ${recipient} order by id`;

  it("lands in local_dev.outbox exactly once when sent twice with the same key", async () => {
    const message = invitation();
    const first = await sendEmail(message, viaOutbox());
    const second = await sendEmail(message, viaOutbox());

    expect(first).toEqual({ provider: "local-outbox", id: expect.stringMatching(/^local-\d+$/) });
    expect(second).toEqual(first);
    const rows = await capturedFor(message.to);
    expect(rows).toEqual([{
      id: first.id.replace("local-", ""),
      channel: "email",
      source: "invitations",
      subject: message.subject,
      body_html: message.html,
      body_text: message.text,
      meta: { type: "invitations", idempotency_key: message.idempotencyKey, tags: { type: "invitation" } },
    }]);
  });

  it("keeps one message when sends with the same key race", async () => {
    const message = invitation();
    const results = await Promise.all(Array.from({ length: 6 }, () => sendEmail(message, viaOutbox())));
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(await capturedFor(message.to)).toHaveLength(1);
  });

  it("captures every send that has no key", async () => {
    const message = invitation({ idempotencyKey: undefined, tags: undefined });
    const first = await sendEmail(message, viaOutbox());
    const second = await sendEmail(message, viaOutbox());
    expect(second.id).not.toBe(first.id);
    const rows = await capturedFor(message.to);
    expect(rows.map((row) => row.meta)).toEqual([{ type: "invitations", idempotency_key: null, tags: {} }, { type: "invitations", idempotency_key: null, tags: {} }]);
  });

  it("keeps the message's main link, which /dev/outbox shows as a button", async () => {
    const message = invitation({ link: "http://127.0.0.1:3000/invite/abc" });
    await sendEmail(message, viaOutbox());
    const [row] = await capturedFor(message.to);
    expect(row.meta).toMatchObject({ type: "invitations", link: "http://127.0.0.1:3000/invite/abc" });
  });

  it("refuses a key reused for a different message, as Resend does", async () => {
    const message = invitation();
    await sendEmail(message, viaOutbox());
    const error = await failure(sendEmail({ ...message, text: `${message.text}\nP.S.` }, viaOutbox()));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: "local-outbox", code: "invalid_idempotent_request", status: 409, retryable: false });
    expect(await capturedFor(message.to)).toHaveLength(1);
  });

  it("prefers Resend when a key is set on the local stack too", async () => {
    const transport = emailTransport(resendSettings({ SPENDGUARD_LOCAL_STACK: "1" }), db.withService);
    expect(transport.provider).toBe("resend");
  });
});

describe("with no way to send", () => {
  it("refuses, naming the variable to set", () => {
    const attempt = () => emailTransport({ EMAIL_FROM: from }, noDatabase);
    expect(attempt).toThrow(ChannelNotConfiguredError);
    expect(attempt).toThrow(/set RESEND_API_KEY/);
  });
});

describe("sendEmail reads the environment", () => {
  const stackEnv = {
    NEXT_PUBLIC_SUPABASE_URL: gatewayUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: publishableKey,
    NEXT_PUBLIC_SITE_URL: siteUrl,
    SUPABASE_SECRET_KEY: secretKey,
    DATABASE_URL: databaseUrl,
    EMAIL_FROM: undefined,
  };

  /** Fresh modules, so serverEnv() and the app's pool are built from these values. */
  async function withEnv(values: Record<string, string | undefined>) {
    vi.resetModules();
    for (const [key, value] of Object.entries({ ...stackEnv, ...values })) vi.stubEnv(key, value);
    return {
      ...(await import("@/lib/services/notifications/send-email")),
      appDb: (await import("@/lib/db")).db,
    };
  }

  afterEach(() => vi.unstubAllEnvs());

  it("sends through Resend from the default sender when RESEND_API_KEY is set", async () => {
    const { sendEmail } = await withEnv({ RESEND_API_KEY: "re_env_456", RESEND_BASE_URL: fake.url, SPENDGUARD_LOCAL_STACK: "1" });
    const result = await sendEmail(invitation());
    expect(result.provider).toBe("resend");
    expect(fake.requests.at(-1)!.headers.authorization).toBe("Bearer re_env_456");
    expect(fake.requests.at(-1)!.body).toMatchObject({ from: "Spendguard <notifications@spendguard.dev>" });
  });

  it("captures in the outbox through the app's pool when only SPENDGUARD_LOCAL_STACK=1 is set", async () => {
    const { sendEmail, appDb } = await withEnv({ RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined, SPENDGUARD_LOCAL_STACK: "1" });
    try {
      const message = invitation();
      const result = await sendEmail(message);
      expect(result.provider).toBe("local-outbox");
      const [row] = await sql<{ recipient: string }[]>`select recipient from local_dev.outbox where id = ${result.id.replace("local-", "")}`;
      expect(row.recipient).toBe(message.to);
    } finally {
      await appDb().sql.end();
    }
  });

  it("rejects with the configuration error when neither is set", async () => {
    const { sendEmail } = await withEnv({ RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined, SPENDGUARD_LOCAL_STACK: undefined });
    await expect(sendEmail(invitation())).rejects.toMatchObject({
      name: "ChannelNotConfiguredError",
      channel: "email",
      variable: "RESEND_API_KEY",
      message: expect.stringContaining("set RESEND_API_KEY"),
    });
  });
});
