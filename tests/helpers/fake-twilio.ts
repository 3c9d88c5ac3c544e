/**
 * A stand-in for Twilio's Messages API on loopback, for the official `twilio` SDK to talk to
 * (its requests are sent to this origin by lib/delivery's TWILIO_BASE_URL client). It answers
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` as Twilio documents: HTTP Basic auth with
 * the account SID and auth token (20003 otherwise), a form-encoded body, 201 with the message
 * resource (`sid` "SM…") on success, and errors as `{ code, message, more_info, status }`.
 * Tests can queue answers, refuse a number for good, and read every request it received.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeAnswer } from "./fake-resend.ts";

export type TwilioRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form fields (To, From, Body…). */
  form: Record<string, string>;
};

export type TwilioMessage = { sid: string; to: string; from: string; body: string };

export type FakeTwilio = {
  /** The origin to give the SDK (TWILIO_BASE_URL). */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request received, oldest first. */
  requests: TwilioRequest[];
  /** Messages accepted for delivery. */
  sent: TwilioMessage[];
  /** The next requests get these answers, in order, before normal service resumes. */
  answerNext(...answers: FakeAnswer[]): void;
  /** Every message to this number gets this answer, as Twilio does for an invalid or unsubscribed number. */
  refuse(to: string, answer: FakeAnswer): void;
  close(): Promise<void>;
};

export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): FakeAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers };
}

/** Twilio's own messages for the codes the dispatcher tells apart. */
export const twilioErrors = {
  invalidTo: (to: string) => twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
  unsubscribed: () => twilioError(400, 21610, "Attempt to send to unsubscribed recipient"),
  notMobile: () => twilioError(400, 21614, "'To' number is not a valid mobile number"),
  regionNotEnabled: (to: string) => twilioError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`),
  rateLimited: () => twilioError(429, 20429, "Too Many Requests"),
  internal: () => twilioError(500, 20500, "An internal server error has occurred"),
  authenticate: () => twilioError(401, 20003, "Authenticate"),
};

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export async function startFakeTwilio(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const requests: TwilioRequest[] = [];
  const sent: TwilioMessage[] = [];
  const queued: FakeAnswer[] = [];
  const refused = new Map<string, FakeAnswer>();
  const messagesPath = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

  function answerMessage(path: string, headers: IncomingHttpHeaders, form: Record<string, string>): FakeAnswer {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (headers.authorization !== expected || messagesPath.exec(path)?.[1] !== accountSid) return twilioErrors.authenticate();
    if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!form.From && !form.MessagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!form.Body) return twilioError(400, 21602, "Message body is required.");
    const answer = queued.shift() ?? refused.get(form.To);
    if (answer) return answer;
    const sid = `SM${hex(16)}`;
    const now = new Date().toUTCString().replace("GMT", "+0000");
    sent.push({ sid, to: form.To, from: form.From, body: form.Body });
    return {
      status: 201,
      body: {
        account_sid: accountSid, api_version: "2010-04-01", body: form.Body, date_created: now, date_sent: null, date_updated: now,
        direction: "outbound-api", error_code: null, error_message: null, from: form.From, messaging_service_sid: null,
        num_media: "0", num_segments: String(Math.ceil(form.Body.length / 160)), price: null, price_unit: "USD", sid,
        status: "queued", subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        to: form.To, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      },
    };
  }

  const server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const path = request.url ?? "/";
    const form = Object.fromEntries(new URLSearchParams(raw));
    requests.push({ method: request.method ?? "", path, headers: request.headers, form });
    const answer = request.method === "POST" && messagesPath.test(path)
      ? answerMessage(path, request.headers, form)
      : twilioError(404, 20404, `The requested resource ${path} was not found`);
    const text = typeof answer.body === "string";
    response.writeHead(answer.status, { "content-type": text ? "text/html" : "application/json", ...answer.headers });
    response.end(text ? answer.body : JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    sent,
    answerNext: (...answers) => void queued.push(...answers),
    refuse: (to, answer) => void refused.set(to, answer),
    close: () => new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
