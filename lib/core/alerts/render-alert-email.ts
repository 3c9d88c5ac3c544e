/**
 * The email of an alert that fired or resolved: severity and what happened in the subject
 * ("[Warning] Acme Demo: "OpenAI prod" reached 80% of its $1,000.00 monthly budget"), the facts
 * in a table and in the text part, and a button to the alert in the app.
 */
import { singleLine } from "../notifications/escape-html.ts";
import { summarizeAlert } from "./alert-summary.ts";
import type { AlertPayload } from "./notification-payload.ts";
import { renderEmail, type BadgeTone, type RenderedEmail } from "../notifications/render-email.ts";

const KIND_EXPLANATIONS = {
  actual: "spend in the budget's current period reached the threshold of this alert rule.",
  forecast: "if spend goes on as it has, the budget's period ends at or above the threshold of this alert rule.",
  anomaly: "spend in the window was far above its usual level for this time of the week.",
  health: "the service's requests in the window crossed the threshold of this alert rule.",
  reconciliation: "what a provider billed for a day differs from what Spendguard priced from your usage events by more than this alert rule allows.",
} as const;

export function renderAlertEmail(payload: AlertPayload, link: string, timeZone: string | undefined): RenderedEmail {
  const summary = summarizeAlert(payload, timeZone, "symbol");
  const org = singleLine(payload.org.name);
  const resolved = payload.type === "alert_resolved";
  const tone: BadgeTone = resolved ? "resolved" : payload.alert.severity;
  const subject = resolved ? `Resolved: ${org}: ${summary.headline}` : `[${summary.severity}] ${org}: ${summary.headline}`;
  const why = payload.alert.resolved_reason === "period_ended" ? "the budget period ended" : "the condition no longer holds";
  return renderEmail({
    subject,
    preheader: resolved ? `Resolved in ${org}: ${why}.` : `${summary.severity} alert in ${org}.`,
    badge: { label: resolved ? "Resolved" : summary.severity, tone },
    heading: summary.headline,
    paragraphs: [resolved ? `This ${payload.alert.severity} alert in ${org} is resolved: ${why}.` : `In ${org}, ${KIND_EXPLANATIONS[payload.alert.kind]}`],
    tables: [{ caption: resolved ? "Details" : "What Spendguard saw", rows: summary.facts }],
    button: { label: "View alert", href: link },
    notes: resolved ? [] : ["In the app you can acknowledge the alert with a note, or mute or change its rule."],
    footer: { text: `You get this email because you are a recipient of this alert rule in ${org}. Its recipients are set on the rule.` },
  });
}
