import { describe, expect, it } from "vitest";
import type { AlertFacts } from "@/lib/core/alerts/alert-facts.ts";
import type { AlertPayload } from "@/lib/core/alerts/notification-payload.ts";
import { renderNotification, RenderError, type RenderedMessage } from "@/lib/core/alerts/render-notification.ts";
import { escapeHtml } from "@/lib/core/notifications/escape-html.ts";
import { ALERT_ID, ALERT_LINK, alertPayload, BUDGET_ID, FACTS, hrefs, ORG, SITE, visibleText } from "./payloads.ts";

const context = { siteUrl: SITE };

function email(payload: AlertPayload, timeZone?: string): Extract<RenderedMessage, { channel: "email" }> {
  const message = renderNotification(payload, "email", { ...context, timeZone });
  if (message.channel !== "email") throw new Error("expected an email");
  return message;
}

function sms(payload: AlertPayload): string {
  const message = renderNotification(payload, "sms", context);
  if (message.channel !== "sms") throw new Error("expected an SMS");
  return message.body;
}

function webhook(payload: AlertPayload): Extract<RenderedMessage, { channel: "webhook" }> {
  const message = renderNotification(payload, "webhook", context);
  if (message.channel !== "webhook") throw new Error("expected a webhook");
  return message;
}

const health95: AlertFacts = { ...FACTS.health, metric: "p95_latency", threshold: 1000, value: 2300 };

describe("alert emails: subject and facts per kind", () => {
  it.each<[string, Partial<AlertPayload["alert"]>, string, [string, string][]]>([
    [
      "actual",
      {},
      `[Warning] Acme Demo: "OpenAI prod" reached 80% of its $1,000.00 monthly budget`,
      [
        ["Budget", `"OpenAI prod"`],
        ["Period", "1 March 2026 – 31 March 2026"],
        ["Fired", "Friday 20 March 2026 at 14:05 UTC"],
        ["Budget amount", "$1,000.00"],
        ["Spent", "$812.40 (81.2%)"],
        ["Threshold", "80% ($800.00)"],
      ],
    ],
    [
      "forecast",
      { facts: FACTS.forecast, severity: "critical" },
      `[Critical] Acme Demo: "OpenAI prod" is forecast to reach 100% of its $1,000.00 monthly budget`,
      [
        ["Spent so far", "$612.50"],
        ["Forecast at period end", "$1,120.46 (112.1%)"],
        ["High end (80% interval)", "$1,304.20"],
        ["Budget runs out", "27 March 2026"],
        ["Threshold", "100%"],
      ],
    ],
    [
      "forecast that never runs out",
      { facts: { ...FACTS.forecast, exhaustion_at: null } },
      `[Warning] Acme Demo: "OpenAI prod" is forecast to reach 100% of its $1,000.00 monthly budget`,
      [["Budget runs out", "Not before the period ends"]],
    ],
    [
      "anomaly",
      { facts: FACTS.anomaly, severity: "info" },
      `[Info] Acme Demo: Unusual spend on "OpenAI prod": $120.50 in the last hour, usually $10.25`,
      [
        ["Window", "The last hour, from Friday 20 March 2026 at 13:00 UTC"],
        ["Spent in the window", "$120.50"],
        ["Usual for this time of the week", "$10.25 (median of the 4 weeks before)"],
        ["Score", "7.3 (alerts from 4)"],
      ],
    ],
    [
      "anomaly over a day",
      { facts: { ...FACTS.anomaly, window_minutes: 1440, baseline_weeks: 1 } },
      `[Warning] Acme Demo: Unusual spend on "OpenAI prod": $120.50 in the last day, usually $10.25`,
      [["Usual for this time of the week", "$10.25 (median of the week before)"]],
    ],
    [
      "health: error rate",
      { facts: FACTS.health },
      `[Warning] Acme Demo: "openai" error rate was 12.5% over the last 15 minutes (threshold 5%)`,
      [
        ["Service", "openai"],
        ["Error rate", "12.5%"],
        ["Threshold", "5%"],
        ["Window", "The last 15 minutes"],
        ["Requests", "1,240 (155 errors)"],
      ],
    ],
    [
      "health: p95 latency",
      { facts: health95, severity: "critical" },
      `[Critical] Acme Demo: "openai" p95 latency was 2,300 ms over the last 15 minutes (threshold 1,000 ms)`,
      [
        ["P95 latency", "2,300 ms"],
        ["Threshold", "1,000 ms"],
      ],
    ],
  ])("%s", (_name, overrides, subject, facts) => {
    const message = email(alertPayload("alert_fired", overrides));
    expect(message.subject).toBe(subject);
    expect(message.text.split("\n")[0]).toBe(subject);
    expect(message.html).toContain(`<title>${escapeHtml(subject)}</title>`);
    for (const [label, value] of facts) {
      expect(message.text.split("\n")).toContain(`${label}: ${value}`);
      expect(visibleText(message.html)).toContain(` ${label} ${value} `);
    }
  });

  it("links to the alert, as the button and as copyable text in both parts", () => {
    const message = email(alertPayload("alert_fired"));
    expect(message.link).toBe(ALERT_LINK);
    expect(hrefs(message.html)).toEqual([ALERT_LINK, ALERT_LINK]);
    expect(visibleText(message.html)).toContain("View alert");
    expect(message.text).toContain(`View alert:\n${ALERT_LINK}\n`);
  });

  it("is an HTML document with a text part, deterministic", () => {
    const message = email(alertPayload("alert_fired"));
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(message.html).toContain('role="presentation"');
    expect(email(alertPayload("alert_fired"))).toEqual(message);
  });

  it.each([
    ["info", "[Info]"],
    ["warning", "[Warning]"],
    ["critical", "[Critical]"],
  ] as const)("names severity %s in the subject and the badge", (severity, label) => {
    const message = email(alertPayload("alert_fired", { severity }));
    expect(message.subject.startsWith(`${label} Acme Demo: `)).toBe(true);
    expect(visibleText(message.html)).toContain(` ${label.slice(1, -1)} `);
  });

  it.each([
    ["a daily", "daily", "2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z", "daily budget", "20 March 2026 – 20 March 2026"],
    ["a 23-hour daily (DST)", "daily", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", "daily budget", "28 March 2026 – 29 March 2026"],
    ["a weekly", "weekly", "2026-03-16T00:00:00Z", "2026-03-23T00:00:00Z", "weekly budget", "16 March 2026 – 22 March 2026"],
    ["a February monthly", "monthly", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "monthly budget", "1 February 2026 – 28 February 2026"],
    ["a quarterly", "quarterly", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "quarterly budget", "1 January 2026 – 31 March 2026"],
    ["a yearly", "yearly", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "yearly budget", "1 January 2026 – 31 December 2026"],
    ["a 30-day custom", "custom", "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z", "$1,000.00 budget", "1 March 2026 – 30 March 2026"],
    ["a lifetime since a date", "lifetime", "2026-01-15T00:00:00Z", null, "$1,000.00 budget", "Since 15 January 2026"],
    ["a lifetime", "lifetime", null, null, "$1,000.00 budget", "Lifetime"],
  ])("describes %s period", (_name, kind, periodStart, periodEnd, phrase, period) => {
    const message = email(alertPayload("alert_fired", { budget_period: kind, period_start: periodStart, period_end: periodEnd }));
    expect(message.subject).toContain(phrase);
    expect(message.text.split("\n")).toContain(`Period: ${period}`);
  });

  it("writes a budget's period in the budget's own time zone", () => {
    // Tokyo's April starts at 15:00 UTC on 31 March; in the organization's zone (UTC) that would read "31 March".
    const message = email(alertPayload("alert_fired", {
      budget_timezone: "Asia/Tokyo", period_start: "2026-03-31T15:00:00Z", period_end: "2026-04-30T15:00:00Z",
    }));
    expect(message.text.split("\n")).toContain("Period: 1 April 2026 – 30 April 2026");
  });

  it("names the subject of a per-subject budget", () => {
    const message = email(alertPayload("alert_fired", { budget_name: "Per customer", subject: "cust_42" }));
    expect(message.subject).toBe(`[Warning] Acme Demo: "Per customer" for cust_42 reached 80% of its $1,000.00 monthly budget`);
  });

  it("writes dates in the organization's time zone", () => {
    const message = email(alertPayload("alert_fired", { facts: FACTS.forecast }), "America/Los_Angeles");
    expect(message.text).toContain("Fired: Friday 20 March 2026 at 07:05 GMT-7");
    expect(message.text).toContain("Budget runs out: 27 March 2026");
  });

  it.each([
    ["USD", "1234567.125", "$1,234,567.13"],
    ["EUR", "0.005", "€0.01"],
    ["JPY", "150000.5", "¥150,001"],
    ["USD", "123456789012345678.01", "$123,456,789,012,345,678.01"],
  ])("formats %s %s exactly as %s", (currency, amount, expected) => {
    const message = email(alertPayload("alert_fired", { facts: { ...FACTS.actual, currency, amount } }));
    expect(message.text.split("\n")).toContain(`Budget amount: ${expected}`);
  });
});

describe("resolved alert emails", () => {
  it.each<[string, Partial<AlertPayload["alert"]>, string, string]>([
    [
      "actual, back under after the budget was raised",
      { resolved_facts: { ...FACTS.actual, amount: "1200", percent: 67.7 } },
      `Resolved: Acme Demo: "OpenAI prod" is back under 80% of its $1,200.00 monthly budget`,
      "This warning alert in Acme Demo is resolved: the condition no longer holds.",
    ],
    [
      "actual, back under without new facts",
      {},
      `Resolved: Acme Demo: "OpenAI prod" is back under 80% of its $1,000.00 monthly budget`,
      "This warning alert in Acme Demo is resolved: the condition no longer holds.",
    ],
    [
      "actual, period ended",
      { resolved_reason: "period_ended" },
      `Resolved: Acme Demo: "OpenAI prod" 80% alert closed: the monthly period ended`,
      "This warning alert in Acme Demo is resolved: the budget period ended.",
    ],
    [
      "forecast, period ended",
      { facts: FACTS.forecast, resolved_reason: "period_ended" },
      `Resolved: Acme Demo: "OpenAI prod" 100% forecast alert closed: the monthly period ended`,
      "This warning alert in Acme Demo is resolved: the budget period ended.",
    ],
    [
      "forecast, back under",
      { facts: FACTS.forecast },
      `Resolved: Acme Demo: "OpenAI prod" is no longer forecast to reach 100% of its $1,000.00 monthly budget`,
      "This warning alert in Acme Demo is resolved: the condition no longer holds.",
    ],
    [
      "anomaly",
      { facts: FACTS.anomaly, severity: "critical" },
      `Resolved: Acme Demo: Spend on "OpenAI prod" is back to its usual level`,
      "This critical alert in Acme Demo is resolved: the condition no longer holds.",
    ],
    ["health", { facts: FACTS.health }, `Resolved: Acme Demo: "openai" error rate is back under 5%`, "This warning alert in Acme Demo is resolved: the condition no longer holds."],
    ["health latency", { facts: health95 }, `Resolved: Acme Demo: "openai" p95 latency is back under 1,000 ms`, "This warning alert in Acme Demo is resolved: the condition no longer holds."],
  ])("%s", (_name, overrides, subject, sentence) => {
    const message = email(alertPayload("alert_resolved", overrides));
    expect(message.subject).toBe(subject);
    expect(message.text).toContain(sentence);
    expect(visibleText(message.html)).toContain(` Resolved `);
    expect(message.text.split("\n")).toContain("Resolved: Saturday 21 March 2026 at 09:30 UTC");
    expect(message.link).toBe(ALERT_LINK);
  });

  it("shows the facts as they are now when the resolve carries them", () => {
    const message = email(alertPayload("alert_resolved", { resolved_facts: { ...FACTS.actual, amount: "1200", spent: "812.4", percent: 67.7 } }));
    expect(message.text.split("\n")).toEqual(expect.arrayContaining(["Budget amount: $1,200.00", "Spent: $812.40 (67.7%)", "Threshold: 80% ($960.00)"]));
  });
});

describe("alert SMS", () => {
  it.each<[string, AlertPayload, string]>([
    ["actual", alertPayload("alert_fired"), `Spendguard warning: Acme Demo: "OpenAI prod" reached 80% of $1,000.00 ${ALERT_LINK}`],
    [
      "forecast",
      alertPayload("alert_fired", { facts: FACTS.forecast, severity: "critical" }),
      `Spendguard critical: Acme Demo: "OpenAI prod" forecast $1,120.46 of $1,000.00 by period end ${ALERT_LINK}`,
    ],
    [
      "anomaly",
      alertPayload("alert_fired", { facts: FACTS.anomaly, severity: "info" }),
      `Spendguard info: Acme Demo: Unusual spend on "OpenAI prod": $120.50 in the last hour, usually $10.25 ${ALERT_LINK}`,
    ],
    [
      "health",
      alertPayload("alert_fired", { facts: FACTS.health }),
      `Spendguard warning: Acme Demo: "openai" error rate was 12.5% over the last 15 minutes (threshold 5%) ${ALERT_LINK}`,
    ],
    ["resolved", alertPayload("alert_resolved"), `Spendguard resolved: Acme Demo: "OpenAI prod" is back under 80% of its $1,000.00 monthly budget ${ALERT_LINK}`],
  ])("%s: one line with the link", (_name, payload, expected) => {
    const body = sms(payload);
    expect(body).toBe(expected);
    expect(body.length).toBeLessThanOrEqual(320);
  });

  it("fits 160 characters when the names and the link allow it", () => {
    const body = renderNotification(alertPayload("alert_fired"), "sms", { siteUrl: "https://sg.test" });
    expect(body).toEqual({ channel: "sms", body: `Spendguard warning: Acme Demo: "OpenAI prod" reached 80% of $1,000.00 https://sg.test/acme-demo/alerts?alert=${ALERT_ID}` });
  });

  it("shortens long names, in GSM characters, before it goes past 160", () => {
    const longName = "Production inference spend for the recommendations team";
    const body = renderNotification(alertPayload("alert_fired", { budget_name: longName }, { ...ORG, name: "Acme Robotics International" }), "sms", {
      siteUrl: "https://sg.test",
    });
    if (body.channel !== "sms") throw new Error("expected an SMS");
    expect(body.body).toBe(`Spendguard warning: Acme Roboti...: "Production..." reached 80% of $1,000.00 https://sg.test/acme-demo/alerts?alert=${ALERT_ID}`);
    expect(body.body.length).toBeLessThanOrEqual(160);
  });

  it("never goes past 320 characters, and keeps the link whole", () => {
    const huge = "x".repeat(400);
    const payload = alertPayload("alert_fired", { budget_name: huge, subject: huge, facts: FACTS.anomaly }, { ...ORG, name: huge });
    const body = sms(payload);
    expect(body.length).toBeLessThanOrEqual(320);
    expect(body.endsWith(` ${ALERT_LINK}`)).toBe(true);
  });

  it("writes amounts in a currency whose symbol GSM lacks by its code", () => {
    expect(sms(alertPayload("alert_fired", { facts: { ...FACTS.actual, currency: "INR" } }))).toContain("reached 80% of INR 1,000.00");
    expect(sms(alertPayload("alert_fired", { facts: { ...FACTS.actual, currency: "EUR" } }))).toContain("reached 80% of €1,000.00");
  });

  it("writes typography in its GSM spelling", () => {
    const payload = alertPayload("alert_fired", { budget_name: "Ops \u2014 \u201cprod\u201d\u00a0EU\u2026" });
    const message = renderNotification(payload, "sms", { siteUrl: "https://sg.test" });
    if (message.channel !== "sms") throw new Error("expected an SMS");
    expect(message.body).toContain(`"Ops - "prod" EU..." reached 80%`);
    expect(message.body).toMatch(/^[\x20-\x7e]+$/);
  });

  it("keeps forged lines out of the message", () => {
    const body = sms(alertPayload("alert_fired", { budget_name: "Prod\nSTOP reply YES to pay" }));
    expect(body).not.toMatch(/[\r\n]/);
  });
});

describe("alert webhooks", () => {
  it("fires as alert.fired with the documented data", () => {
    const message = webhook(alertPayload("alert_fired"));
    expect(message.type).toBe("alert.fired");
    expect(message.body).toEqual({
      type: "alert.fired",
      timestamp: "2026-03-20T14:05:00.123Z",
      data: {
        id: ALERT_ID,
        org: ORG,
        kind: "actual",
        severity: "warning",
        status: "open",
        summary: `"OpenAI prod" reached 80% of its $1,000.00 monthly budget`,
        budget: { id: BUDGET_ID, name: "OpenAI prod" },
        subject: null,
        period: { start: "2026-03-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z" },
        fired_at: "2026-03-20T14:05:00.123Z",
        resolved_at: null,
        resolved_reason: null,
        facts: FACTS.actual,
        resolved_facts: null,
        url: ALERT_LINK,
      },
    });
    // The body travels as JSON: it must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(message.body))).toEqual(message.body);
  });

  it("resolves as alert.resolved, stamped with the resolve time", () => {
    const resolvedFacts = { ...FACTS.actual, amount: "1200", percent: 67.7 };
    const message = webhook(alertPayload("alert_resolved", { resolved_facts: resolvedFacts }));
    expect(message.type).toBe("alert.resolved");
    expect(message.body.type).toBe("alert.resolved");
    expect(message.body.timestamp).toBe("2026-03-21T09:30:00.000Z");
    expect(message.body.data).toMatchObject({ status: "resolved", resolved_reason: "condition_cleared", resolved_facts: resolvedFacts, url: ALERT_LINK });
  });

  it("carries no budget for a health alert and the subject of a per-subject budget", () => {
    expect(webhook(alertPayload("alert_fired", { facts: FACTS.health })).body.data).toMatchObject({ budget: null, period: null, kind: "health" });
    expect(webhook(alertPayload("alert_fired", { subject: "cust_42" })).body.data).toMatchObject({ subject: "cust_42" });
  });
});

describe("hostile names", () => {
  const hostile = [`<script>alert("x")</script>`, `"><img src=x onerror=alert(1)>`, "Tom & Jerry's <b>Bistro</b>"];

  it.each(hostile)("escapes a budget, subject and org named %s in the HTML, and shows it as typed elsewhere", (name) => {
    const payload = alertPayload("alert_fired", { budget_name: name, subject: name }, { ...ORG, name });
    const message = email(payload);
    expect(message.html).not.toContain(name);
    expect(message.html).toContain(escapeHtml(name));
    expect(message.html).not.toMatch(/<(script|img|b)\b/i);
    expect(message.html.match(/<a\b/g)).toHaveLength(2);
    expect(message.text).toContain(`"${name}" for ${name}`);
    expect(message.subject).toContain(name);
    expect(JSON.stringify(webhook(payload).body)).toContain(JSON.stringify(name).slice(1, -1));
  });

  it("escapes a hostile service name of a health alert", () => {
    const service = "<svg onload=alert(1)>";
    const message = email(alertPayload("alert_fired", { facts: { ...FACTS.health, service } }));
    expect(message.html).not.toMatch(/<svg/i);
    expect(message.html).toContain(escapeHtml(service));
  });

  it("keeps forged lines and bidi tricks out of the subject and the text part", () => {
    const message = email(alertPayload("alert_fired", { budget_name: "Prod\r\nBcc: victim@example.test\n\nhttps://evil.test/alerts" }, { ...ORG, name: "\u202eAcme\u202c" }));
    expect(message.subject).toBe(`[Warning] Acme: "Prod Bcc: victim@example.test https://evil.test/alerts" reached 80% of its $1,000.00 monthly budget`);
    expect(message.text.split("\n")).not.toContain("https://evil.test/alerts");
    expect(message.text).not.toMatch(/[\u202a-\u202e]/);
  });
});

describe("links", () => {
  it.each([
    ["https://app.spendguard.test/", `https://app.spendguard.test/acme-demo/alerts?alert=${ALERT_ID}`],
    ["https://example.test/spendguard/", `https://example.test/spendguard/acme-demo/alerts?alert=${ALERT_ID}`],
    ["http://127.0.0.1:3000", `http://127.0.0.1:3000/acme-demo/alerts?alert=${ALERT_ID}`],
  ])("joins site URL %s and the alert", (siteUrl, link) => {
    const message = renderNotification(alertPayload("alert_fired"), "email", { siteUrl });
    expect(message).toMatchObject({ channel: "email", link });
  });

  it.each(["javascript:alert(1)", "not a url", "ftp://files.test/"])("refuses site URL %j", (siteUrl) => {
    expect(() => renderNotification(alertPayload("alert_fired"), "email", { siteUrl })).toThrow(RenderError);
  });
});
