/**
 * SMS through the official `twilio` SDK against the fake Twilio on loopback: the SDK builds,
 * authenticates and parses; lib/delivery only points it at the fake and classifies its errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError } from "@/lib/delivery/errors.ts";
import { smsTransport } from "@/lib/delivery/sms-transport.ts";
import { twilioSmsTransport } from "@/lib/delivery/twilio-sms.ts";
import type { WithService } from "@/lib/delivery/with-service.ts";
import type { FakeAnswer } from "../../helpers/fake-resend.ts";
import { startFakeTwilio, twilioError, twilioErrors, type FakeTwilio } from "../../helpers/fake-twilio.ts";

const from = "+15005550006";
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake.close());

const transport = () => twilioSmsTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from, baseUrl: fake.url });
const message = (to = "+14155550100") => ({ to, body: "Spendguard: Ops budget at 82 % of $1,000.00. https://app.example/acme/alerts", source: "alert_fired" });

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(() => expect.fail("expected the send to fail"), (reason: unknown) => reason);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("through Twilio (the SDK against the fake)", () => {
  it("creates the message the way Twilio documents: basic auth, form body, SM sid back", async () => {
    const before = fake.requests.length;
    const result = await transport().send(message());
    expect(fake.requests).toHaveLength(before + 1);
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString("base64")}`);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.headers["user-agent"]).toMatch(/^twilio-node\//);
    expect(request.form).toEqual({ To: "+14155550100", From: from, Body: message().body });
    expect(result).toEqual({ provider: "twilio", id: fake.sent.at(-1)!.sid });
    expect(result.id).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("a wrong auth token is Twilio's 20003: neither retryable nor the number's fault", async () => {
    const wrong = twilioSmsTransport({ accountSid: fake.accountSid, authToken: "wrong", from, baseUrl: fake.url });
    const error = await failure(wrong.send(message()));
    expect(error).toMatchObject({ channel: "sms", provider: "twilio", code: "20003", status: 401, retryable: false, permanent: false });
  });

  type Expected = { code: string; status: number; retryable: boolean; permanent: boolean };
  it.each<{ label: string; answer: FakeAnswer; expected: Expected }>([
    { label: "21211 invalid To: permanent", answer: twilioErrors.invalidTo("+14155550100"), expected: { code: "21211", status: 400, retryable: false, permanent: true } },
    { label: "21610 unsubscribed (STOP): permanent", answer: twilioErrors.unsubscribed(), expected: { code: "21610", status: 400, retryable: false, permanent: true } },
    { label: "21614 not a mobile number: permanent", answer: twilioErrors.notMobile(), expected: { code: "21614", status: 400, retryable: false, permanent: true } },
    { label: "21408 region not enabled: permanent", answer: twilioErrors.regionNotEnabled("+14155550100"), expected: { code: "21408", status: 400, retryable: false, permanent: true } },
    { label: "20429 too many requests: retryable", answer: twilioErrors.rateLimited(), expected: { code: "20429", status: 429, retryable: true, permanent: false } },
    { label: "500: retryable", answer: twilioErrors.internal(), expected: { code: "20500", status: 500, retryable: true, permanent: false } },
    { label: "503 page from a proxy, not JSON: retryable", answer: { status: 503, body: "<html>Service unavailable</html>" }, expected: { code: "http_503", status: 503, retryable: true, permanent: false } },
    { label: "21606 a From number that cannot send: a deployment problem", answer: twilioError(400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination."), expected: { code: "21606", status: 400, retryable: false, permanent: false } },
  ])("$label", async ({ answer, expected }) => {
    fake.answerNext(answer);
    const error = await failure(transport().send(message()));
    expect(error).toMatchObject({ channel: "sms", provider: "twilio", retryAfterSeconds: undefined, ...expected });
  });

  it("an unreachable Twilio is retryable with no status", async () => {
    const closed = await startFakeTwilio();
    await closed.close();
    const unreachable = twilioSmsTransport({ accountSid: closed.accountSid, authToken: closed.authToken, from, baseUrl: closed.url });
    const error = await failure(unreachable.send(message()));
    expect(error).toMatchObject({ provider: "twilio", code: "ECONNREFUSED", status: null, retryable: true, permanent: false });
  });

  it.each([["a number without +", "14155550100"], ["letters", "+1415CALLNOW"], ["an empty number", ""]])(
    "refuses %s before calling Twilio, as the number's fault",
    async (_label, to) => {
      const before = fake.requests.length;
      const error = await failure(transport().send(message(to)));
      expect(error).toMatchObject({ code: "invalid_phone_number", permanent: true });
      expect(fake.requests).toHaveLength(before);
    },
  );
});

describe("choosing the SMS transport", () => {
  const noDatabase: WithService = () => Promise.reject(new Error("not used"));
  const twilio = { TWILIO_ACCOUNT_SID: "AC" + "0".repeat(32), TWILIO_AUTH_TOKEN: "token", TWILIO_FROM_NUMBER: from };

  it("uses Twilio when all three settings are there, also on the local stack", () => {
    expect(smsTransport({ ...twilio, SPENDGUARD_LOCAL_STACK: "1" }, noDatabase).provider).toBe("twilio");
  });

  it("captures in the local outbox on the local stack without Twilio settings", () => {
    expect(smsTransport({ SPENDGUARD_LOCAL_STACK: "1" }, noDatabase).provider).toBe("local-outbox");
  });

  it.each([
    ["nothing is set outside the local stack", {}, "TWILIO_ACCOUNT_SID"],
    ["the token is missing", { ...twilio, TWILIO_AUTH_TOKEN: undefined }, "TWILIO_AUTH_TOKEN"],
    ["the sender is missing, even on the local stack", { ...twilio, TWILIO_FROM_NUMBER: undefined, SPENDGUARD_LOCAL_STACK: "1" as const }, "TWILIO_FROM_NUMBER"],
  ])("refuses when %s, naming the variable", (_label, settings, variable) => {
    expect(() => smsTransport(settings, noDatabase)).toThrow(expect.objectContaining({
      name: "ChannelNotConfiguredError", channel: "sms", code: "not_configured", variable, message: expect.stringContaining(`set ${variable}`),
    }));
  });
});
