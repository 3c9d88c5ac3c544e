/**
 * Turns what the rules saw into alerts: reads each rule's unresolved alerts and when it last
 * notified anybody, asks the state machine (lib/core/alerts/decide-alert.ts) what to do, and
 * writes the outcome with private.record_alerts — which skips a fire that meets an unresolved
 * alert written meanwhile, queues the notifications and pokes the dispatcher. Runs in the
 * caller's transaction, as service_role (or the database owner in edge functions).
 *
 * Runtime-neutral (Node services and Deno edge functions): imports are relative with extensions.
 */
import type { TransactionSql } from "postgres";
import type { AlertFacts } from "../core/alerts/alert-facts.ts";
import { decideAlert, type AlertHistory, type PriorAlert } from "../core/alerts/decide-alert.ts";

export type ObservedRule = {
  rule: { id: string; enabled: boolean; muted_until: Date | null; cooldown_minutes: number };
  /** '' unless the budget is per subject. */
  subject: string;
  breached: boolean;
  /** The period observed (ms); null for -infinity (anomaly and health episodes, lifetime budgets). */
  periodStart: number | null;
  periodEnd: number | null;
  facts: AlertFacts;
};

type FireChange = { rule_id: string; subject: string; period_start: string; period_end: string | null; facts: AlertFacts; notify: string };
type ResolveChange = { alert_id: string; reason: string; facts: AlertFacts | null };

const keyOf = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;
const instant = (ms: number | null) => (ms === null ? "-infinity" : new Date(ms).toISOString());

async function unresolvedAlerts(tx: TransactionSql, ruleIds: string[]): Promise<Map<string, PriorAlert>> {
  const rows = await tx<{ id: string; rule_id: string; subject: string; status: PriorAlert["status"]; period_start: string | null }[]>`
    select id::text, rule_id::text, subject, status,
      case when isfinite(period_start) then (extract(epoch from period_start) * 1000)::bigint::text end as period_start
    from public.alerts
    where rule_id = any (${ruleIds}::uuid[]) and status <> 'resolved'
    order by period_start`;
  // The newest period wins; an older one left unresolved is the minute cron's to close.
  const byKey = new Map<string, PriorAlert>();
  for (const row of rows) {
    byKey.set(keyOf(row.rule_id, row.subject), {
      id: row.id,
      status: row.status,
      periodStart: row.period_start === null ? null : Number(row.period_start),
    });
  }
  return byKey;
}

async function lastNotified(tx: TransactionSql, keys: { rule_id: string; subject: string }[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await tx<{ rule_id: string; subject: string; at: string }[]>`
    select k.rule_id::text, k.subject, (extract(epoch from max(a.fired_at)) * 1000)::bigint::text as at
    from pg_catalog.jsonb_to_recordset(${tx.json(keys)}) as k(rule_id uuid, subject text)
    join public.alerts a on a.rule_id = k.rule_id and a.subject = k.subject and a.delivery = 'sent'
    group by k.rule_id, k.subject`;
  return new Map(rows.map((row) => [keyOf(row.rule_id, row.subject), Number(row.at)]));
}

/** Records what the observations call for; returns the ids of the alerts fired or resolved. */
export async function applyObservations(tx: TransactionSql, orgId: string, observed: readonly ObservedRule[], now: number): Promise<string[]> {
  if (observed.length === 0) return [];
  const unresolved = await unresolvedAlerts(tx, [...new Set(observed.map((o) => o.rule.id))]);
  // Cooldown matters only where something may fire: a breach with no unresolved alert of its period.
  const mayFire = observed.filter((o) => o.breached && unresolved.get(keyOf(o.rule.id, o.subject))?.periodStart !== o.periodStart);
  const notified = await lastNotified(tx, mayFire.map((o) => ({ rule_id: o.rule.id, subject: o.subject })));

  const fire: FireChange[] = [];
  const resolve: ResolveChange[] = [];
  for (const o of observed) {
    const key = keyOf(o.rule.id, o.subject);
    const history: AlertHistory = { unresolved: unresolved.get(key) ?? null, lastNotifiedAt: notified.get(key) ?? null };
    const rule = { enabled: o.rule.enabled, mutedUntil: o.rule.muted_until?.getTime() ?? null, cooldownMinutes: o.rule.cooldown_minutes };
    for (const decision of decideAlert(rule, history, { breached: o.breached, periodStart: o.periodStart }, now)) {
      // What cleared a condition is worth keeping; a new period says it all.
      if (decision.action === "resolve") resolve.push({ alert_id: decision.alertId, reason: decision.reason, facts: decision.reason === "condition_cleared" ? o.facts : null });
      else fire.push({ rule_id: o.rule.id, subject: o.subject, period_start: instant(o.periodStart), period_end: o.periodEnd === null ? null : instant(o.periodEnd), facts: o.facts, notify: decision.delivery });
    }
  }
  if (fire.length === 0 && resolve.length === 0) return [];
  const rows = await tx<{ id: string }[]>`
    select id::text from private.record_alerts(${orgId}, ${tx.json({ fire, resolve } as never)}) as id`;
  return rows.map((row) => row.id);
}
