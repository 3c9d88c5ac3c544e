/**
 * Alerts and rules in words for the app: what happened (from the facts), whether anybody was
 * told, why it resolved, and what a rule watches. Amounts go through formatMoney like every
 * other amount in the app; percents, windows and scores are written as in the messages.
 */
import type { AlertFacts, AlertKind } from "@/lib/core/alerts/alert-facts";
import { formatCount, formatPercent, formatScore, formatWindow } from "@/lib/core/alerts/message-format";
import { formatMoney } from "@/lib/format-money";
import type { AlertView } from "@/lib/services/alerts/alert-row";
import type { AlertRule } from "@/lib/services/alerts/rule-schemas";

export const KIND_LABELS: Record<AlertKind, string> = {
  actual: "Actual spend",
  forecast: "Forecast",
  anomaly: "Unusual spend",
  health: "Service health",
  reconciliation: "Reconciliation",
};

/** As they start a sentence (p95 stays lower-case). */
const METRIC_LABELS = { error_rate: "Error rate", p95_latency: "p95 latency" } as const;

function metricValue(metric: keyof typeof METRIC_LABELS, value: number): string {
  return metric === "error_rate" ? formatPercent(value) : `${formatCount(value)} ms`;
}

/** "Spent $812.40 of $1,000.00 (81.2%) — threshold 80%", and the like for each kind. */
export function describeFacts(facts: AlertFacts): string {
  switch (facts.kind) {
    case "actual":
      return `Spent ${formatMoney(facts.spent, facts.currency)} of ${formatMoney(facts.amount, facts.currency)} (${formatPercent(facts.percent)}) — threshold ${formatPercent(facts.threshold)}`;
    case "forecast":
      return `Forecast ${formatMoney(facts.forecast, facts.currency)} of ${formatMoney(facts.amount, facts.currency)} (${formatPercent(facts.percent)}) by the period end, spent ${formatMoney(facts.spent, facts.currency)} so far — threshold ${formatPercent(facts.threshold)}`;
    case "anomaly":
      return `Spent ${formatMoney(facts.observed, facts.currency)} in ${formatWindow(facts.window_minutes)}, usually ${formatMoney(facts.usual, facts.currency)} (score ${formatScore(facts.score)}) — threshold ${formatScore(facts.threshold)}`;
    case "health":
      return `${METRIC_LABELS[facts.metric]} ${metricValue(facts.metric, facts.value)} over ${formatWindow(facts.window_minutes)} (${formatCount(facts.requests)} requests, ${formatCount(facts.errors)} errors) — threshold ${metricValue(facts.metric, facts.threshold)}`;
    case "reconciliation":
      return `${facts.service} on ${facts.day} (UTC): billed ${formatMoney(facts.billed, facts.currency)}, priced ${formatMoney(facts.priced, facts.currency)}${facts.difference_percent === null ? "" : ` (${formatPercent(facts.difference_percent)})`} — tolerance ${formatPercent(facts.threshold)}`;
  }
}

/** "Emailed 2, SMS 1", "Muted — not sent", … (counts only for those who may see the delivery log). */
export function describeDelivery(alert: Pick<AlertView, "delivery" | "notified">): string {
  switch (alert.delivery) {
    case "muted":
      return "Muted — not sent";
    case "cooldown":
      return "Cooldown — not sent";
    case "no_recipients":
      return "No recipients";
    case "sent": {
      if (!alert.notified) return "Sent to the rule's recipients";
      const parts = [
        alert.notified.email ? `Emailed ${alert.notified.email}` : null,
        alert.notified.sms ? `SMS ${alert.notified.sms}` : null,
        alert.notified.webhook ? `Webhook ${alert.notified.webhook}` : null,
      ].filter(Boolean);
      return parts.length ? parts.join(", ") : "No recipients";
    }
  }
}

export function describeResolution(alert: Pick<AlertView, "resolved_reason">): string {
  return alert.resolved_reason === "period_ended" ? "the budget period ended" : "the condition cleared";
}

/** What a rule watches, in a line: "Spent reaches 80%", "p95 latency of openai above 2,000 ms over the last 15 minutes". */
export function describeRule(rule: AlertRule, currency: string): string {
  switch (rule.kind) {
    case "actual":
      return `Spent reaches ${formatPercent(rule.threshold)} of the budget`;
    case "forecast":
      return `Forecast reaches ${formatPercent(rule.threshold)} of the budget by the period end`;
    case "anomaly":
      return `Spend in ${formatWindow(rule.window_minutes ?? 60)} scores ${formatScore(rule.threshold)}+ above usual, and at least ${formatMoney(rule.min_amount ?? "0", currency)} over it`;
    case "health": {
      const metric = rule.metric ?? "error_rate";
      return `${METRIC_LABELS[metric]} of ${rule.service} above ${metricValue(metric, rule.threshold)} over ${formatWindow(rule.window_minutes ?? 15)} (${formatCount(rule.min_requests ?? 1)}+ requests)`;
    }
    case "reconciliation":
      return `What ${rule.service ?? "a connected provider"} billed for a day differs from what events priced by more than ${formatPercent(rule.threshold)} and ${formatMoney(rule.min_amount ?? "0", currency)}`;
  }
}

/** "No cooldown", "1 h cooldown", "90 min cooldown". */
export function describeCooldown(minutes: number): string {
  if (minutes === 0) return "No cooldown";
  if (minutes % 1440 === 0) return `${minutes / 1440} d cooldown`;
  if (minutes % 60 === 0) return `${minutes / 60} h cooldown`;
  return `${minutes} min cooldown`;
}
