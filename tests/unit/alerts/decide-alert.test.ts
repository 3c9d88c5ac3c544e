import { describe, expect, it } from "vitest";
import { decideAlert, type AlertHistory, type Decision, type Observation, type RuleState } from "@/lib/core/alerts/decide-alert.ts";

const MINUTE = 60_000;
const MARCH = Date.UTC(2026, 2, 1);
const APRIL = Date.UTC(2026, 3, 1);
const NOW = Date.UTC(2026, 3, 10, 12);

const rule: RuleState = { enabled: true, mutedUntil: null, cooldownMinutes: 60 };
const none: AlertHistory = { unresolved: null, lastNotifiedAt: null };
const openIn = (periodStart: number | null, status: "open" | "acknowledged" = "open", lastNotifiedAt: number | null = null): AlertHistory => ({
  unresolved: { id: "alert-1", status, periodStart },
  lastNotifiedAt,
});
const seen = (breached: boolean, periodStart: number | null = APRIL): Observation => ({ breached, periodStart });

const fire = (delivery: "sent" | "muted" | "cooldown", periodStart: number | null = APRIL): Decision => ({ action: "fire", periodStart, delivery });
const cleared: Decision = { action: "resolve", alertId: "alert-1", reason: "condition_cleared" };
const ended: Decision = { action: "resolve", alertId: "alert-1", reason: "period_ended" };

describe("decideAlert", () => {
  it.each<[string, RuleState, AlertHistory, Observation, Decision[]]>([
    // Fire once per period.
    ["breached, nothing before: fire", rule, none, seen(true), [fire("sent")]],
    ["breached, open alert this period: nothing", rule, openIn(APRIL), seen(true), []],
    ["breached, acknowledged alert this period: nothing", rule, openIn(APRIL, "acknowledged"), seen(true), []],
    ["clear, nothing before: nothing", rule, none, seen(false), []],
    // Resolve when the condition clears (raised budget, repriced spend).
    ["clear, open alert this period: resolve condition_cleared", rule, openIn(APRIL), seen(false), [cleared]],
    ["clear, acknowledged alert this period: resolve condition_cleared", rule, openIn(APRIL, "acknowledged"), seen(false), [cleared]],
    // A new period resolves the old alert, and fires again in the new one if breached.
    ["clear, open alert of last period: resolve period_ended", rule, openIn(MARCH), seen(false), [ended]],
    ["breached, open alert of last period: resolve period_ended, then fire in the new one", rule, openIn(MARCH, "open", MARCH + 5 * MINUTE), seen(true), [ended, fire("sent")]],
    ["breached, acknowledged alert of last period: same", rule, openIn(MARCH, "acknowledged"), seen(true), [ended, fire("sent")]],
    ["breached, last period's alert notified inside the cooldown: resolve, fire quietly", rule, openIn(MARCH, "open", NOW - 5 * MINUTE), seen(true), [ended, fire("cooldown")]],
    // After a resolve, a new crossing in the same period is a new reason.
    ["breached again after a resolve, cooldown over: fire", rule, { unresolved: null, lastNotifiedAt: NOW - 2 * 60 * MINUTE }, seen(true), [fire("sent")]],
    ["breached again after a resolve, inside the cooldown: fire, recorded only", rule, { unresolved: null, lastNotifiedAt: NOW - 10 * MINUTE }, seen(true), [fire("cooldown")]],
    // Disabled rules fire nothing but still resolve.
    ["disabled, breached: nothing", { ...rule, enabled: false }, none, seen(true), []],
    ["disabled, clear, open alert: resolve condition_cleared", { ...rule, enabled: false }, openIn(APRIL), seen(false), [cleared]],
    ["disabled, breached, open alert of last period: resolve period_ended only", { ...rule, enabled: false }, openIn(MARCH), seen(true), [ended]],
    ["disabled, breached, open alert this period: nothing", { ...rule, enabled: false }, openIn(APRIL), seen(true), []],
    // Muted: recorded, nobody told.
    ["muted until later: fire muted", { ...rule, mutedUntil: NOW + 1 }, none, seen(true), [fire("muted")]],
    ["muted until exactly now: the mute is over", { ...rule, mutedUntil: NOW }, none, seen(true), [fire("sent")]],
    ["muted until earlier: sent", { ...rule, mutedUntil: NOW - MINUTE }, none, seen(true), [fire("sent")]],
    ["muted and cooling down: muted wins", { ...rule, mutedUntil: NOW + MINUTE }, { unresolved: null, lastNotifiedAt: NOW }, seen(true), [fire("muted")]],
    ["muted, clear, open alert: still resolves", { ...rule, mutedUntil: NOW + MINUTE }, openIn(APRIL), seen(false), [cleared]],
    // Cooldown edges: counted from the last alert that notified anybody.
    ["cooldown: 1 ms before it ends", rule, { unresolved: null, lastNotifiedAt: NOW - 60 * MINUTE + 1 }, seen(true), [fire("cooldown")]],
    ["cooldown: exactly when it ends", rule, { unresolved: null, lastNotifiedAt: NOW - 60 * MINUTE }, seen(true), [fire("sent")]],
    ["cooldown: notified this very instant", rule, { unresolved: null, lastNotifiedAt: NOW }, seen(true), [fire("cooldown")]],
    ["no cooldown: notified this very instant", { ...rule, cooldownMinutes: 0 }, { unresolved: null, lastNotifiedAt: NOW }, seen(true), [fire("sent")]],
    ["a week of cooldown, six days in", { ...rule, cooldownMinutes: 10_080 }, { unresolved: null, lastNotifiedAt: NOW - 6 * 1440 * MINUTE }, seen(true), [fire("cooldown")]],
    // Lifetime budgets, anomaly and health episodes: the period is -infinity (null).
    ["lifetime, breached, nothing before: fire with no period", rule, none, seen(true, null), [fire("sent", null)]],
    ["lifetime, breached, open alert: nothing", rule, openIn(null), seen(true, null), []],
    ["lifetime, clear, open alert: resolve condition_cleared", rule, openIn(null), seen(false, null), [cleared]],
    ["lifetime, clear, nothing before: nothing", rule, none, seen(false, null), []],
    // A budget changed from lifetime to monthly: the old episode belongs to another period.
    ["period changed from lifetime to monthly: resolve period_ended, fire", rule, openIn(null), seen(true, APRIL), [ended, fire("sent")]],
  ])("%s", (_name, ruleState, history, observation, expected) => {
    expect(decideAlert(ruleState, history, observation, NOW)).toEqual(expected);
  });
});
