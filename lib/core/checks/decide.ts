/**
 * The pre-spend decision (DESIGN §4): given an estimate and every matching budget's ledger as
 * locked in the check's transaction, what to answer. Per budget, remaining = effective amount −
 * spent − reserved (held by other checks), and:
 *
 * - soft: never denies; "warn" when spent + reserved + the estimate reaches warn_at_percent of
 *   the effective amount (or goes over it).
 * - hard: "deny" when the estimate exceeds the remaining amount; otherwise as soft.
 * - approval: "require_approval" when the estimate exceeds the remaining amount; otherwise as soft.
 *
 * The answer is the most severe of the budgets' (deny > require_approval > warn > allow); no
 * matching budget → allow. An estimate that could not be priced (null) is never a silent allow:
 * hard budgets deny, approval budgets require approval, soft ones warn — each with the reason
 * "unpriced_estimate".
 */
import { add, compare, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from "../money.ts";

export const DECISIONS = ["allow", "warn", "require_approval", "deny"] as const;
export type Decision = (typeof DECISIONS)[number];
export type Enforcement = "soft" | "hard" | "approval";

export type BudgetReason = "within_budget" | "warn_threshold" | "exceeds_remaining" | "unpriced_estimate";

export type BudgetLedger = {
  budgetId: string;
  name: string;
  enforcement: Enforcement;
  warnAtPercent: string;
  periodStart: string;
  subject: string;
  /** The period's amount with rollover (lib/core/budgets/effective-amount.ts). */
  effectiveAmount: string;
  spent: string;
  reserved: string;
};

export type BudgetAnswer = {
  budget_id: string;
  name: string;
  enforcement: Enforcement;
  period_start: string;
  subject: string;
  amount: string;
  spent: string;
  reserved: string;
  remaining_before: string;
  /** Null when the estimate is unpriced. */
  remaining_after: string | null;
  decision: Decision;
  reason: BudgetReason;
};

export type CheckDecision = { decision: Decision; reason: BudgetReason | "no_matching_budget"; budgets: BudgetAnswer[] };

const HUNDRED = parseDecimal("100");

function severity(decision: Decision): number {
  return DECISIONS.indexOf(decision);
}

function decideBudget(estimate: Decimal | null, ledger: BudgetLedger): BudgetAnswer {
  const amount = parseDecimal(ledger.effectiveAmount);
  const spent = parseDecimal(ledger.spent);
  const reserved = parseDecimal(ledger.reserved);
  const remaining = subtract(subtract(amount, spent), reserved);
  const base = {
    budget_id: ledger.budgetId,
    name: ledger.name,
    enforcement: ledger.enforcement,
    period_start: ledger.periodStart,
    subject: ledger.subject,
    amount: formatDecimal(amount),
    spent: formatDecimal(spent),
    reserved: formatDecimal(reserved),
    remaining_before: formatDecimal(remaining),
  };
  if (estimate === null) {
    const decision: Decision = ledger.enforcement === "hard" ? "deny" : ledger.enforcement === "approval" ? "require_approval" : "warn";
    return { ...base, remaining_after: null, decision, reason: "unpriced_estimate" };
  }
  const after = subtract(remaining, estimate);
  const exceeds = compare(estimate, remaining) > 0;
  if (exceeds && ledger.enforcement === "hard") return { ...base, remaining_after: formatDecimal(after), decision: "deny", reason: "exceeds_remaining" };
  if (exceeds && ledger.enforcement === "approval") {
    return { ...base, remaining_after: formatDecimal(after), decision: "require_approval", reason: "exceeds_remaining" };
  }
  // used × 100 ≥ warn% × amount, exactly (no division).
  const used = add(add(spent, reserved), estimate);
  const warns = compare(multiply(used, HUNDRED), multiply(parseDecimal(ledger.warnAtPercent), amount)) >= 0;
  return {
    ...base,
    remaining_after: formatDecimal(after),
    decision: warns ? "warn" : "allow",
    reason: exceeds ? "exceeds_remaining" : warns ? "warn_threshold" : "within_budget",
  };
}

/** `estimate`: the cost in the base currency, or null when it could not be priced. */
export function decideCheck(estimate: string | null, ledgers: readonly BudgetLedger[]): CheckDecision {
  if (ledgers.length === 0) return { decision: "allow", reason: "no_matching_budget", budgets: [] };
  const amount = estimate === null ? null : parseDecimal(estimate);
  const budgets = ledgers.map((ledger) => decideBudget(amount, ledger));
  const worst = budgets.reduce((a, b) => (severity(b.decision) > severity(a.decision) ? b : a));
  return { decision: worst.decision, reason: worst.reason, budgets };
}
