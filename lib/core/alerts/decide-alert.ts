/**
 * The alert state machine, one rule and one subject at a time (pure; the time is passed in).
 *
 *   condition seen   unresolved alert of this period   →  nothing (it fired once already)
 *   condition seen   none, or only resolved ones        →  fire (notified unless muted or cooling down)
 *   condition clear  unresolved alert of this period   →  resolve: condition_cleared
 *   any              unresolved alert of an earlier period → resolve: period_ended (then as above)
 *
 * "Once per period per subject" holds because an unresolved alert blocks the next; after it
 * resolved (the budget was raised, spend was repriced down) a new crossing is a new reason and
 * fires again. Cooldown counts from the last alert that notified anybody: a fire inside it is
 * recorded in the app but sends nothing, and so is a fire while the rule is muted. A disabled
 * rule fires nothing but still lets its alerts resolve.
 */

export type RuleState = {
  enabled: boolean;
  /** Until then alerts are recorded but nobody is told (ms since epoch), or null. */
  mutedUntil: number | null;
  cooldownMinutes: number;
};

export type PriorAlert = {
  id: string;
  status: "open" | "acknowledged" | "resolved";
  /** The period it is about (ms); null for -infinity: anomaly and health episodes, lifetime budgets. */
  periodStart: number | null;
};

export type Observation = {
  /** Whether the rule's condition holds now. */
  breached: boolean;
  /** The period the observation is in (ms); null for -infinity. */
  periodStart: number | null;
};

export type AlertHistory = {
  /** The unresolved alert of this rule and subject, if any (at most one per period). */
  unresolved: PriorAlert | null;
  /** When an alert of this rule and subject last notified anybody (ms), or null. */
  lastNotifiedAt: number | null;
};

export type Delivery = "sent" | "muted" | "cooldown";

export type Decision =
  | { action: "resolve"; alertId: string; reason: "condition_cleared" | "period_ended" }
  | { action: "fire"; periodStart: number | null; delivery: Delivery };

/** What to do about one rule and subject, given what it saw and its history: zero, one or two steps. */
export function decideAlert(rule: RuleState, history: AlertHistory, observation: Observation, now: number): Decision[] {
  const decisions: Decision[] = [];
  const open = history.unresolved;
  if (open && open.periodStart !== observation.periodStart) {
    decisions.push({ action: "resolve", alertId: open.id, reason: "period_ended" });
  } else if (open) {
    return observation.breached ? [] : [{ action: "resolve", alertId: open.id, reason: "condition_cleared" }];
  }
  if (observation.breached && rule.enabled) {
    decisions.push({ action: "fire", periodStart: observation.periodStart, delivery: deliveryFor(rule, history.lastNotifiedAt, now) });
  }
  return decisions;
}

function deliveryFor(rule: RuleState, lastNotifiedAt: number | null, now: number): Delivery {
  if (rule.mutedUntil !== null && rule.mutedUntil > now) return "muted";
  if (lastNotifiedAt !== null && now - lastNotifiedAt < rule.cooldownMinutes * 60_000) return "cooldown";
  return "sent";
}
