import { describe, expect, it } from "vitest";
import type { NotificationPayload } from "@/lib/core/alerts/notification-payload.ts";
import { weekChange } from "@/lib/core/alerts/render-digest-email.ts";
import { renderNotification, RenderError, type Channel, type RenderedMessage } from "@/lib/core/alerts/render-notification.ts";
import { escapeHtml } from "@/lib/core/notifications/escape-html.ts";
import {
  alertPayload,
  channelDisabledPayload,
  CHANNELS_LINK,
  digestPayload,
  hrefs,
  ORG,
  SITE,
  testPayload,
  verificationPayload,
  visibleText,
} from "./payloads.ts";

const context = { siteUrl: SITE, now: new Date("2026-03-20T14:00:00.000Z") };

function email(payload: NotificationPayload, timeZone?: string): Extract<RenderedMessage, { channel: "email" }> {
  const message = renderNotification(payload, "email", { ...context, timeZone });
  if (message.channel !== "email") throw new Error("expected an email");
  return message;
}

function sms(payload: NotificationPayload, timeZone?: string): string {
  const message = renderNotification(payload, "sms", { ...context, timeZone });
  if (message.channel !== "sms") throw new Error("expected an SMS");
  return message.body;
}

const DASHBOARD = `${SITE}/acme-demo/dashboard`;
const FEBRUARY_REPORT = `${SITE}/acme-demo/reports/2026-02`;

describe("which payloads each channel carries", () => {
  const payloads: [string, NotificationPayload][] = [
    ["alert_fired", alertPayload("alert_fired")],
    ["alert_resolved", alertPayload("alert_resolved")],
    ["digest", digestPayload()],
    ["verification", verificationPayload()],
    ["test", testPayload()],
    ["channel_disabled", channelDisabledPayload()],
  ];
  const carried: Record<string, Channel[]> = {
    alert_fired: ["email", "sms", "webhook"],
    alert_resolved: ["email", "sms", "webhook"],
    digest: ["email"],
    verification: ["email", "sms"],
    test: ["email", "sms", "webhook"],
    channel_disabled: ["email"],
  };
  const cases = payloads.flatMap(([type, payload]) => (["email", "sms", "webhook"] as const).map((channel) => [type, channel, payload] as const));

  it.each(cases)("%s by %s", (type, channel, payload) => {
    if (carried[type].includes(channel)) {
      const message = renderNotification(payload, channel, context);
      expect(message.channel).toBe(channel);
      if (message.channel === "sms") expect(message.body.length).toBeLessThanOrEqual(320);
    } else {
      expect(() => renderNotification(payload, channel, context)).toThrow(RenderError);
      expect(() => renderNotification(payload, channel, context)).toThrow(`A ${type} notification cannot be sent by ${channel}.`);
    }
  });
});

describe("weekly digest", () => {
  it("compares the week with the one before, lists top services and open alerts, links the dashboard and last month's report", () => {
    const message = email(digestPayload());
    expect(message.subject).toBe("Acme Demo: $1,234.56 spent last week (up 12.5%)");
    expect(message.link).toBe(DASHBOARD);
    const lines = message.text.split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        "2 March 2026 – 9 March 2026: Acme Demo spent $1,234.56, up 12.5% from $1,097.39 the week before.",
        "Spent: $1,234.56",
        "Week before: $1,097.39",
        "Change: Up 12.5%",
        "Open alerts: 3",
        "Top services:",
        "openai: $800.12",
        "anthropic: $300.00",
        "twilio: $134.44",
        DASHBOARD,
        `The February 2026 report: ${FEBRUARY_REPORT}`,
      ]),
    );
    const visible = visibleText(message.html);
    expect(visible).toContain(" openai $800.12 ");
    expect(visible).toContain(" Open alerts 3 ");
    expect(visible).toContain("Open the dashboard");
    expect(visible).toContain("The February 2026 report");
  });

  it("links the month that had ended on the organization's calendar when the digest was written", () => {
    // Monday 1 March 2027, 08:00 UTC (when digests go out) is still 28 February in Honolulu: February is not over there yet.
    const early = digestPayload({ week_start: "2027-02-22T08:00:00Z", week_end: "2027-03-01T08:00:00Z" });
    expect(email(early, "Pacific/Honolulu").text).toContain(`The January 2027 report: ${SITE}/acme-demo/reports/2027-01`);
    expect(email(early, "America/Los_Angeles").text).toContain(`The February 2027 report: ${SITE}/acme-demo/reports/2027-02`);
    expect(email(early).text).toContain(`The February 2027 report: ${SITE}/acme-demo/reports/2027-02`);
  });

  it("says how to stop it, with a link to the notification settings", () => {
    const message = email(digestPayload());
    expect(message.text).toContain("To stop it, turn it off in the organization's notification settings:");
    expect(message.text.split("\n")).toContain(`Notification settings: ${CHANNELS_LINK}`);
    expect(hrefs(message.html)).toEqual([DASHBOARD, FEBRUARY_REPORT, DASHBOARD, CHANNELS_LINK]);
  });

  it("leaves out the services table when nothing was spent", () => {
    const message = email(digestPayload({ spent: "0", previous_spent: "0", top_services: [], open_alerts: 0 }));
    expect(message.subject).toBe("Acme Demo: $0.00 spent last week (the same as the week before)");
    expect(message.text).not.toContain("Top services");
  });

  it("writes the week in the organization's time zone", () => {
    const message = email(digestPayload(), "Pacific/Auckland");
    expect(message.text).toContain("2 March 2026 – 9 March 2026:");
    const west = email(digestPayload({ week_start: "2026-03-02T05:00:00Z", week_end: "2026-03-09T05:00:00Z" }), "America/Los_Angeles");
    expect(west.text).toContain("1 March 2026 – 8 March 2026:");
  });

  it.each([
    ["1100", "1000", { short: "up 10%", long: "up 10% from $1,000.00 the week before" }],
    ["900", "1000", { short: "down 10%", long: "down 10% from $1,000.00 the week before" }],
    ["1000.4", "1000", { short: "up slightly", long: "up slightly from $1,000.00 the week before" }],
    ["999.5", "1000", { short: "down 0.1%", long: "down 0.1% from $1,000.00 the week before" }],
    ["0", "250.5", { short: "down 100%", long: "down 100% from $250.50 the week before" }],
    ["1000", "1000.000", { short: "the same as the week before", long: "the same as the week before ($1,000.00)" }],
    ["42", "0", { short: "nothing the week before", long: "against $0.00 the week before" }],
  ])("week change %s against %s", (spent, previous, expected) => {
    expect(weekChange(spent, previous, "USD")).toEqual(expected);
  });

  it("escapes a hostile service name", () => {
    const service = "<img src=x onerror=alert(1)>";
    const message = email(digestPayload({ top_services: [{ service, cost: "1" }] }));
    expect(message.html).not.toMatch(/<img/i);
    expect(message.html).toContain(escapeHtml(service));
    expect(message.text).toContain(`${service}: $1.00`);
  });
});

describe("verification codes", () => {
  it("emails the code, the channel and when it expires", () => {
    const message = email(verificationPayload({ channel_name: "Finance inbox" }), "Europe/Berlin");
    expect(message.subject).toBe("Your Spendguard code is 123456");
    expect(message.text).toContain(`added this address as the email channel "Finance inbox"`);
    expect(message.text).toContain("The code expires on Friday 20 March 2026 at 15:20 CET.");
    expect(visibleText(message.html)).toContain("Your code is 123456");
    expect(message.link).toBe(CHANNELS_LINK);
  });

  it("texts the code in one short line", () => {
    const body = sms(verificationPayload());
    expect(body).toBe(`Your Spendguard code is 123456. It verifies "On-call phone" for Acme Demo and expires at 14:20 UTC. Do not share it.`);
    expect(body.length).toBeLessThanOrEqual(160);
  });

  it("keeps the code whole when the names are long", () => {
    const long = "A very long channel name that somebody typed ".repeat(6);
    const body = sms(verificationPayload({ channel_name: long }));
    expect(body.startsWith("Your Spendguard code is 123456. ")).toBe(true);
    expect(body).toContain("expires at 14:20 UTC");
    expect(body.length).toBeLessThanOrEqual(160);
  });
});

describe("test messages", () => {
  it("emails who asked and what alerts will look like", () => {
    const message = email(testPayload());
    expect(message.subject).toBe(`Test from Spendguard: the channel "Ops hook" of Acme Demo works`);
    expect(message.text).toContain("This is a test message from Acme Demo on Spendguard. ada@acme.test asked for it.");
    expect(message.link).toBe(CHANNELS_LINK);
    expect(email(testPayload({ requested_by: null })).text).toContain("This is a test message from Acme Demo on Spendguard.\n");
  });

  it("texts one line", () => {
    expect(sms(testPayload({ channel_name: "On-call phone" }))).toBe(`Spendguard test: the channel "On-call phone" of Acme Demo works. Alerts will arrive here.`);
  });

  it("posts endpoint.test at the time given", () => {
    const message = renderNotification(testPayload(), "webhook", context);
    expect(message).toEqual({
      channel: "webhook",
      type: "endpoint.test",
      body: {
        type: "endpoint.test",
        timestamp: "2026-03-20T14:00:00.000Z",
        data: {
          org: ORG,
          channel_name: "Ops hook",
          requested_by: "ada@acme.test",
          message: `This test event shows that the webhook channel "Ops hook" of Acme Demo reaches you. Alerts arrive as alert.fired and alert.resolved.`,
          url: CHANNELS_LINK,
        },
      },
    });
  });
});

describe("disabled channels", () => {
  it("tells admins which channel, the provider's reason and where to fix it", () => {
    const message = email(channelDisabledPayload());
    expect(message.subject).toBe(`Acme Demo: the SMS channel "On-call phone" was disabled`);
    expect(message.text.split("\n")).toEqual(
      expect.arrayContaining(["Name: On-call phone", "Kind: SMS", "Destination: +14155550100", "Provider's reason: 21610: Attempt to send to unsubscribed recipient"]),
    );
    expect(message.link).toBe(CHANNELS_LINK);
    expect(hrefs(message.html)).toEqual([CHANNELS_LINK, CHANNELS_LINK]);
  });

  it("shows only where a webhook points, not its path (which may hold a token)", () => {
    const message = email(channelDisabledPayload({ channel_kind: "webhook", destination: "https://hooks.example.com/T0123/secret-token" }));
    expect(message.text).toContain("Destination: https://hooks.example.com/…");
    expect(message.text).not.toContain("secret-token");
    expect(message.html).not.toContain("secret-token");
  });

  it("escapes a hostile provider reason and channel name", () => {
    const reason = `<script>fetch("https://evil.test")</script>`;
    const message = email(channelDisabledPayload({ reason, channel_name: "<b>x</b>" }));
    expect(message.html).not.toMatch(/<(script|b)\b/);
    expect(message.html).toContain(escapeHtml(reason));
    expect(message.text).toContain(reason);
  });
});

describe("every SMS", () => {
  const huge = "é".repeat(500);
  const org = { ...ORG, name: huge };
  it.each<[string, NotificationPayload]>([
    ["alert", alertPayload("alert_fired", { budget_name: huge, subject: huge }, org)],
    ["resolved", alertPayload("alert_resolved", { budget_name: huge }, org)],
    ["verification", verificationPayload({ channel_name: huge, org })],
    ["test", testPayload({ channel_name: huge, org })],
  ])("%s stays within 320 characters whatever the names", (_name, payload) => {
    expect(sms(payload).length).toBeLessThanOrEqual(320);
  });
});
