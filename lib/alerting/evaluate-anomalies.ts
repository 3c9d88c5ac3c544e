/**
 * Anomaly and API-health rules of one organization, evaluated at `now` (the detect-anomalies edge
 * function runs this every five minutes for every organization with such rules).
 *
 * Anomaly: the budget scope's spend in the last window (60 minutes, or the last 24 complete
 * hours) against the same window of up to BASELINE_WEEKS earlier weeks — the same hours of the
 * same weekday, so a busy Monday morning is compared with Monday mornings — scored robustly
 * (lib/core/alerts/anomaly-score.ts). Weeks before the organization's first event are not
 * history, so they are left out rather than counted as zero spend.
 *
 * Health: a service's error rate or p95 latency over the rule's window (raw events).
 *
 * Both are episodes rather than periods: an alert stays open while the condition holds and
 * resolves when it clears (decide-alert.ts with period -infinity).
 */
import type { TransactionSql } from "postgres";
import type { AlertFacts } from "../core/alerts/alert-facts.ts";
import { anomalyObservation } from "../core/alerts/anomaly-score.ts";
import { healthObservation } from "../core/alerts/health-check.ts";
import { budgetScopeSchema } from "../core/budgets/scope.ts";
import { applyObservations, type ObservedRule } from "./apply-observations.ts";
import { readRules, type RuleRow } from "./rule-rows.ts";

export const BASELINE_WEEKS = 8;
const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;

type ScopeRow = { id: string; scope: unknown; currency: string };

/** The ends of the observed window and of the same window in earlier weeks, newest first. */
export function windowEnds(windowMinutes: number, now: number, weeks = BASELINE_WEEKS): number[] {
  // Day windows read hourly rollups, which need whole hours.
  const end = windowMinutes >= 1440 ? Math.floor(now / HOUR_MS) * HOUR_MS : now;
  return Array.from({ length: weeks + 1 }, (_, k) => end - k * WEEK_MS);
}

async function firstEventAt(tx: TransactionSql, orgId: string): Promise<number | null> {
  const [row] = await tx<{ at: Date | null }[]>`select min(occurred_at) as at from public.usage_events where org_id = ${orgId}`;
  return row?.at ? row.at.getTime() : null;
}

async function observeAnomaly(tx: TransactionSql, orgId: string, rule: RuleRow, budget: ScopeRow, firstEvent: number, now: number): Promise<ObservedRule> {
  const minutes = rule.window_minutes ?? 60;
  const width = minutes * 60_000;
  const ends = windowEnds(minutes, now).filter((end, index) => index === 0 || end > firstEvent);
  const rows = await tx<{ window_end: Date; spent: string }[]>`
    select window_end, spent::text as spent
    from private.scope_spend_windows(${orgId}, ${tx.json(budgetScopeSchema.parse(budget.scope))}, ${`${minutes} minutes`}::interval,
      ${ends.map((end) => new Date(end).toISOString())}::timestamptz[])
    order by window_end desc`;
  const [observed, ...baseline] = rows.map((row) => row.spent);
  const seen = anomalyObservation({ threshold: Number(rule.threshold), minAmount: rule.min_amount ?? "0" }, observed ?? "0", baseline);
  const facts: AlertFacts = {
    kind: "anomaly",
    currency: budget.currency,
    threshold: Number(rule.threshold),
    window_minutes: minutes,
    window_start: new Date(ends[0] - width).toISOString(),
    observed: seen.observed,
    usual: seen.usual,
    score: Math.round(seen.score * 100) / 100,
    baseline_weeks: baseline.length,
  };
  return { rule, subject: "", breached: seen.breached, periodStart: null, periodEnd: null, facts };
}

async function observeHealth(tx: TransactionSql, orgId: string, rule: RuleRow, now: number): Promise<ObservedRule | null> {
  if (!rule.service || !rule.metric || !rule.window_minutes || !rule.min_requests) return null;
  const since = new Date(now - rule.window_minutes * 60_000);
  const [window] = await tx<{ requests: string; errors: string; p95_latency_ms: number | null }[]>`
    select requests::text, errors::text, p95_latency_ms from private.service_health(${orgId}, ${rule.service}, ${since}, ${new Date(now)})`;
  const stats = { requests: Number(window.requests), errors: Number(window.errors), p95LatencyMs: window.p95_latency_ms };
  const seen = healthObservation({ metric: rule.metric, threshold: Number(rule.threshold), minRequests: rule.min_requests }, stats);
  const facts: AlertFacts = {
    kind: "health",
    service: rule.service,
    metric: rule.metric,
    threshold: Number(rule.threshold),
    window_minutes: rule.window_minutes,
    value: Math.round(seen.value * 100) / 100,
    requests: stats.requests,
    errors: stats.errors,
  };
  return { rule, subject: "", breached: seen.breached, periodStart: null, periodEnd: null, facts };
}

/** Evaluates the organization's anomaly and health rules; returns the ids of alerts fired or resolved. */
export async function evaluateAnomalies(tx: TransactionSql, orgId: string, now: number): Promise<string[]> {
  const rules = await readRules(tx, orgId, { kinds: ["anomaly", "health"] });
  if (rules.length === 0) return [];
  const budgetIds = [...new Set(rules.flatMap((rule) => (rule.kind === "anomaly" && rule.budget_id ? [rule.budget_id] : [])))];
  const budgets = budgetIds.length === 0 ? [] : await tx<ScopeRow[]>`
    select b.id::text, b.scope, o.base_currency as currency
    from public.budgets b join public.organizations o on o.id = b.org_id
    where b.org_id = ${orgId} and b.id = any (${budgetIds}::uuid[])`;
  const scopes = new Map(budgets.map((budget) => [budget.id, budget]));
  const firstEvent = await firstEventAt(tx, orgId);

  const observed: ObservedRule[] = [];
  for (const rule of rules) {
    if (rule.kind === "health") {
      const seen = await observeHealth(tx, orgId, rule, now);
      if (seen) observed.push(seen);
      continue;
    }
    const budget = rule.budget_id ? scopes.get(rule.budget_id) : undefined;
    if (budget && firstEvent !== null) observed.push(await observeAnomaly(tx, orgId, rule, budget, firstEvent, now));
  }
  return applyObservations(tx, orgId, observed, now);
}
