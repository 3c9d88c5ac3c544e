/**
 * The text message of an alert: who, how bad, what happened and the link, in one line
 * ("Spendguard warning: Acme Demo: "OpenAI prod" reached 80% of $1,000.00 https://…").
 */
import { summarizeAlert } from "./alert-summary.ts";
import type { AlertPayload } from "./notification-payload.ts";
import { clipName } from "./message-format.ts";
import { fitSms, smsMoneyStyle } from "./render-sms.ts";

export function renderAlertSms(payload: AlertPayload, link: string, timeZone: string | undefined): string {
  const facts = payload.alert.facts;
  const money = facts.kind === "health" ? "symbol" : smsMoneyStyle(facts.currency);
  const summary = summarizeAlert(payload, timeZone, money);
  const label = payload.type === "alert_resolved" ? "resolved" : summary.severity.toLowerCase();
  return fitSms((names) => `Spendguard ${label}: ${clipName(payload.org.name, names)}: ${summary.short(names)}`, link);
}
