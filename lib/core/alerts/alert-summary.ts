/**
 * What an alert says, in words, once for every channel: the headline (the email subject after
 * the severity and org, the SMS sentence, the webhook summary), a short form for SMS, and the
 * facts as label/value lines (the email's table and its text part). Names people typed (budget,
 * subject, service) pass through singleLine; escaping for HTML is the email renderer's job.
 */
import { formatDateTime } from "../notifications/format-date-time.ts";
import { formatDecimal } from "../money.ts";
import type { AlertFacts, Severity } from "./alert-facts.ts";
import { capitalize, clipName, formatAmount, formatCount, formatDay, formatPercent, formatScore, formatWindow } from "./message-format.ts";
import type { AlertPayload } from "./notification-payload.ts";
import { thresholdLine } from "./threshold-line.ts";

import type { Fact } from "../notifications/render-email.ts";

export type { Fact };

export type AlertSummary = {
  severity: string;
  /** One full sentence of what happened (or, resolved, what cleared). */
  headline: string;
  /** The same in as few characters as it can be said, for SMS; `names` caps each name typed by people. */
  short: (names: number) => string;
  /** What it saw: the facts at firing, or for a resolved alert the facts now when there are any. */
  facts: Fact[];
};

export const SEVERITY_LABELS: Record<Severity, string> = { info: "Info", warning: "Warning", critical: "Critical" };

/** How money is written: the symbol for email, the ISO code where the symbol may not survive (SMS). */
export type MoneyStyle = "symbol" | "code";

type Alert = AlertPayload["alert"];

export function summarizeAlert(payload: AlertPayload, timeZone: string | undefined, money: MoneyStyle): AlertSummary {
  const alert = payload.alert;
  const resolved = payload.type === "alert_resolved";
  const now = resolved && alert.resolved_facts ? alert.resolved_facts : alert.facts;
  const amount = (value: string, currency: string) => formatAmount(value, currency, money);
  return {
    severity: SEVERITY_LABELS[alert.severity],
    headline: resolved ? resolvedHeadline(alert, now, amount, Infinity) : firedHeadline(alert, amount, Infinity),
    short: (names) => (resolved ? resolvedHeadline(alert, now, amount, names) : shortFired(alert, amount, names)),
    facts: [...contextFacts(alert, timeZone), ...factLines(now, timeZone, amount)],
  };
}

type Amount = (value: string, currency: string) => string;

/** '"OpenAI prod"', or '"Per customer" for cust_42' for one subject of a per-subject budget. */
function budgetName(alert: Alert, max: number): string {
  const base = alert.budget_name === null ? "A deleted budget" : `"${clipName(alert.budget_name, max)}"`;
  return alert.subject === "" ? base : `${base} for ${clipName(alert.subject, max)}`;
}

const PERIOD_WORDS: Record<string, string> = { daily: "daily ", weekly: "weekly ", monthly: "monthly ", quarterly: "quarterly ", yearly: "yearly " };

/** "monthly " for a monthly budget; "" for custom and lifetime ones (their dates say it). */
function periodWord(alert: Alert): string {
  return PERIOD_WORDS[alert.budget_period ?? ""] ?? "";
}

function metricName(metric: "error_rate" | "p95_latency"): string {
  return metric === "error_rate" ? "error rate" : "p95 latency";
}

function metricValue(metric: "error_rate" | "p95_latency", value: number): string {
  return metric === "error_rate" ? formatPercent(value) : `${formatCount(value)} ms`;
}

function firedHeadline(alert: Alert, amount: Amount, names: number): string {
  const facts = alert.facts;
  const budget = budgetName(alert, names);
  switch (facts.kind) {
    case "actual":
      return `${budget} reached ${formatPercent(facts.threshold)} of its ${amount(facts.amount, facts.currency)} ${periodWord(alert)}budget`;
    case "forecast":
      return `${budget} is forecast to reach ${formatPercent(facts.threshold)} of its ${amount(facts.amount, facts.currency)} ${periodWord(alert)}budget`;
    case "anomaly":
      return `Unusual spend on ${budget}: ${amount(facts.observed, facts.currency)} in ${formatWindow(facts.window_minutes)}, usually ${amount(facts.usual, facts.currency)}`;
    case "health":
      return `"${clipName(facts.service, names)}" ${metricName(facts.metric)} was ${metricValue(facts.metric, facts.value)} over ${formatWindow(facts.window_minutes)} (threshold ${metricValue(facts.metric, facts.threshold)})`;
    case "reconciliation":
      return `"${clipName(facts.service, names)}" billed ${amount(facts.billed, facts.currency)} on ${facts.day}; Spendguard priced ${amount(facts.priced, facts.currency)}`;
  }
}

function shortFired(alert: Alert, amount: Amount, names: number): string {
  const facts = alert.facts;
  const budget = budgetName(alert, names);
  switch (facts.kind) {
    case "actual":
      return `${budget} reached ${formatPercent(facts.threshold)} of ${amount(facts.amount, facts.currency)}`;
    case "forecast":
      return `${budget} forecast ${amount(facts.forecast, facts.currency)} of ${amount(facts.amount, facts.currency)} by period end`;
    case "anomaly":
    case "health":
    case "reconciliation":
      return firedHeadline(alert, amount, names);
  }
}

function resolvedHeadline(alert: Alert, now: AlertFacts, amount: Amount, names: number): string {
  const facts = alert.facts;
  const budget = budgetName(alert, names);
  if (alert.resolved_reason === "period_ended") {
    const which = facts.kind === "actual" || facts.kind === "forecast" ? `${formatPercent(facts.threshold)} ` : "";
    return `${budget} ${which}${facts.kind === "forecast" ? "forecast " : ""}alert closed: the ${periodWord(alert)}period ended`;
  }
  switch (facts.kind) {
    case "actual": {
      const budgetNow = now.kind === "actual" ? now : facts;
      return `${budget} is back under ${formatPercent(facts.threshold)} of its ${amount(budgetNow.amount, budgetNow.currency)} ${periodWord(alert)}budget`;
    }
    case "forecast": {
      const budgetNow = now.kind === "forecast" ? now : facts;
      return `${budget} is no longer forecast to reach ${formatPercent(facts.threshold)} of its ${amount(budgetNow.amount, budgetNow.currency)} ${periodWord(alert)}budget`;
    }
    case "anomaly":
      return `Spend on ${budget} is back to its usual level`;
    case "health":
      return `"${clipName(facts.service, names)}" ${metricName(facts.metric)} is back under ${metricValue(facts.metric, facts.threshold)}`;
    case "reconciliation":
      return `"${clipName(facts.service, names)}" on ${facts.day} now reconciles within ${formatPercent(facts.threshold)}`;
  }
}

/** The budget, its period and, once resolved, why and when. */
function contextFacts(alert: Alert, timeZone: string | undefined): Fact[] {
  const lines: Fact[] = [];
  if (alert.budget_id !== null) lines.push({ label: "Budget", value: budgetName(alert, 200) });
  // Periods are cut in the budget's own zone, so its dates are written in it.
  if (alert.facts.kind === "actual" || alert.facts.kind === "forecast") lines.push({ label: "Period", value: periodText(alert, alert.budget_timezone ?? timeZone) });
  lines.push({ label: "Fired", value: formatDateTime(new Date(alert.fired_at), timeZone) });
  if (alert.resolved_at !== null && alert.resolved_reason !== null) {
    lines.push({ label: "Resolved", value: formatDateTime(new Date(alert.resolved_at), timeZone) });
    lines.push({ label: "Why", value: alert.resolved_reason === "period_ended" ? "The budget period ended." : "The condition no longer holds." });
  }
  return lines;
}

function periodText(alert: Alert, timeZone: string | undefined): string {
  const start = alert.period_start === null ? null : formatDay(new Date(alert.period_start), timeZone);
  // The end is exclusive: the last day is the one just before it.
  const last = alert.period_end === null ? null : formatDay(new Date(Date.parse(alert.period_end) - 1), timeZone);
  if (start && last) return `${start} – ${last}`;
  if (start) return `Since ${start}`;
  return "Lifetime";
}

function factLines(facts: AlertFacts, timeZone: string | undefined, amount: Amount): Fact[] {
  switch (facts.kind) {
    case "actual": {
      const line = formatDecimal(thresholdLine(facts.amount, String(facts.threshold)));
      return [
        { label: "Budget amount", value: amount(facts.amount, facts.currency) },
        { label: "Spent", value: `${amount(facts.spent, facts.currency)} (${formatPercent(facts.percent)})` },
        { label: "Threshold", value: `${formatPercent(facts.threshold)} (${amount(line, facts.currency)})` },
      ];
    }
    case "forecast": {
      return [
        { label: "Budget amount", value: amount(facts.amount, facts.currency) },
        { label: "Spent so far", value: amount(facts.spent, facts.currency) },
        { label: "Forecast at period end", value: `${amount(facts.forecast, facts.currency)} (${formatPercent(facts.percent)})` },
        { label: "High end (80% interval)", value: amount(facts.forecast_high, facts.currency) },
        {
          label: "Budget runs out",
          value: facts.exhaustion_at === null ? "Not before the period ends" : formatDay(new Date(facts.exhaustion_at), timeZone),
        },
        { label: "Threshold", value: formatPercent(facts.threshold) },
      ];
    }
    case "anomaly": {
      const weeks = facts.baseline_weeks === 1 ? "the week before" : `the ${formatCount(facts.baseline_weeks)} weeks before`;
      return [
        { label: "Window", value: `${capitalize(formatWindow(facts.window_minutes))}, from ${formatDateTime(new Date(facts.window_start), timeZone)}` },
        { label: "Spent in the window", value: amount(facts.observed, facts.currency) },
        { label: "Usual for this time of the week", value: `${amount(facts.usual, facts.currency)} (median of ${weeks})` },
        { label: "Score", value: `${formatScore(facts.score)} (alerts from ${formatScore(facts.threshold)})` },
      ];
    }
    case "health":
      return [
        { label: "Service", value: clipName(facts.service, 200) },
        { label: capitalize(metricName(facts.metric)), value: metricValue(facts.metric, facts.value) },
        { label: "Threshold", value: metricValue(facts.metric, facts.threshold) },
        { label: "Window", value: capitalize(formatWindow(facts.window_minutes)) },
        { label: "Requests", value: `${formatCount(facts.requests)} (${formatCount(facts.errors)} errors)` },
      ];
    case "reconciliation":
      return [
        { label: "Service", value: clipName(facts.service, 200) },
        { label: "Day (UTC)", value: facts.day },
        { label: "Billed by the provider", value: amount(facts.billed, facts.currency) },
        { label: "Priced from events", value: amount(facts.priced, facts.currency) },
        { label: "Difference", value: `${amount(facts.difference, facts.currency)}${facts.difference_percent === null ? "" : ` (${formatPercent(facts.difference_percent)})`}` },
        { label: "Tolerance", value: formatPercent(facts.threshold) },
      ];
  }
}
