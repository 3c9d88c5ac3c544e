/** Outbox payloads as the SQL writes them (parsed by the real schema, so a fixture cannot drift from it). */
import type { AlertFacts } from "@/lib/core/alerts/alert-facts.ts";
import {
  notificationPayloadSchema,
  type AlertPayload,
  type ChannelDisabledPayload,
  type DigestPayload,
  type TestPayload,
  type VerificationPayload,
} from "@/lib/core/alerts/notification-payload.ts";

export const ORG = { id: "11111111-1111-4111-8111-111111111111", name: "Acme Demo", slug: "acme-demo" };
export const ALERT_ID = "22222222-2222-4222-8222-222222222222";
export const BUDGET_ID = "33333333-3333-4333-8333-333333333333";
export const SITE = "https://app.spendguard.test";
export const ALERT_LINK = `${SITE}/acme-demo/alerts?alert=${ALERT_ID}`;
export const CHANNELS_LINK = `${SITE}/acme-demo/settings/channels`;

export const FACTS = {
  actual: { kind: "actual", currency: "USD", threshold: 80, amount: "1000", spent: "812.4", percent: 81.24 },
  forecast: {
    kind: "forecast",
    currency: "USD",
    threshold: 100,
    amount: "1000",
    spent: "612.5",
    forecast: "1120.456",
    forecast_high: "1304.2",
    percent: 112.05,
    exhaustion_at: "2026-03-27T10:00:00+00:00",
  },
  anomaly: {
    kind: "anomaly",
    currency: "USD",
    threshold: 4,
    window_minutes: 60,
    window_start: "2026-03-20T13:00:00+00:00",
    observed: "120.5",
    usual: "10.25",
    score: 7.26,
    baseline_weeks: 4,
  },
  health: {
    kind: "health",
    service: "openai",
    metric: "error_rate",
    threshold: 5,
    window_minutes: 15,
    value: 12.5,
    requests: 1240,
    errors: 155,
  },
  reconciliation: {
    kind: "reconciliation",
    currency: "USD",
    service: "openai",
    day: "2026-03-19",
    priced: "6",
    billed: "10",
    difference: "-4",
    difference_percent: -40,
    threshold: 2,
  },
} satisfies Record<AlertFacts["kind"], AlertFacts>;

type AlertOverrides = Partial<AlertPayload["alert"]>;

export function alertPayload(type: AlertPayload["type"], overrides: AlertOverrides = {}, org = ORG): AlertPayload {
  const facts = overrides.facts ?? FACTS.actual;
  const health = facts.kind === "health";
  const alert = {
    id: ALERT_ID,
    kind: facts.kind,
    severity: "warning",
    subject: "",
    budget_id: health ? null : BUDGET_ID,
    budget_name: health ? null : "OpenAI prod",
    budget_period: facts.kind === "actual" || facts.kind === "forecast" ? "monthly" : null,
    budget_timezone: null,
    period_start: facts.kind === "actual" || facts.kind === "forecast" ? "2026-03-01T00:00:00+00:00" : null,
    period_end: facts.kind === "actual" || facts.kind === "forecast" ? "2026-04-01T00:00:00+00:00" : null,
    fired_at: "2026-03-20T14:05:00.123456+00:00",
    resolved_at: type === "alert_resolved" ? "2026-03-21T09:30:00+00:00" : null,
    resolved_reason: type === "alert_resolved" ? "condition_cleared" : null,
    facts,
    resolved_facts: null,
    ...overrides,
  };
  return notificationPayloadSchema.parse({ type, org, alert }) as AlertPayload;
}

export function digestPayload(overrides: Partial<DigestPayload> = {}): DigestPayload {
  return notificationPayloadSchema.parse({
    type: "digest",
    org: ORG,
    currency: "USD",
    week_start: "2026-03-02T08:00:00+00:00",
    week_end: "2026-03-09T08:00:00+00:00",
    spent: "1234.5600",
    previous_spent: "1097.3866",
    top_services: [
      { service: "openai", cost: "800.120000" },
      { service: "anthropic", cost: "300" },
      { service: "twilio", cost: "134.44" },
    ],
    open_alerts: 3,
    ...overrides,
  }) as DigestPayload;
}

export function verificationPayload(overrides: Partial<VerificationPayload> = {}): VerificationPayload {
  return notificationPayloadSchema.parse({
    type: "verification",
    org: ORG,
    channel_name: "On-call phone",
    code: "123456",
    expires_at: "2026-03-20T14:20:00+00:00",
    ...overrides,
  }) as VerificationPayload;
}

export function testPayload(overrides: Partial<TestPayload> = {}): TestPayload {
  return notificationPayloadSchema.parse({
    type: "test",
    org: ORG,
    channel_name: "Ops hook",
    requested_by: "ada@acme.test",
    ...overrides,
  }) as TestPayload;
}

export function channelDisabledPayload(overrides: Partial<ChannelDisabledPayload> = {}): ChannelDisabledPayload {
  return notificationPayloadSchema.parse({
    type: "channel_disabled",
    org: ORG,
    channel_name: "On-call phone",
    channel_kind: "sms",
    destination: "+14155550100",
    reason: "21610: Attempt to send to unsubscribed recipient",
    ...overrides,
  }) as ChannelDisabledPayload;
}

/** The text a reader sees in the HTML part: tags dropped, the entities the renderers emit decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&middot;/g, "·").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, "&"));
}
