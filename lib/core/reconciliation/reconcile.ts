/**
 * Reconciliation (issue 8 §2): per service and UTC day, what Spendguard priced from events against
 * what the provider billed (synced by a cost connector), in the organization's currency. A
 * difference counts when it is above both the tolerance (a share of the larger side) and one cent
 * of the currency's main unit — providers round per line item, so a tiny gap is noise. Each row
 * says why the two may differ, from what Spendguard knows: days without events, events it could
 * not price, a price override that took effect, a day the provider may not have settled, a missing
 * exchange rate. Pure: the service gathers the facts, this decides.
 */
import { compare, formatDecimal, isZero, multiply, parseDecimal, subtract, type Decimal } from "../money.ts";

export const DEFAULT_TOLERANCE_PERCENT = 2;
const NOISE = parseDecimal("0.01");

export type PricedDay = { service: string; day: string; cost: string; events: number; unpriced: number };
/** Billed in the organization's currency; `amount` null when an exchange rate was missing. */
export type BilledDay = { service: string; day: string; amount: string | null; original: { currency: string; amount: string }[] };
export type OverrideChange = { service: string; day: string; model: string };

export type ReconciledDay = {
  service: string;
  day: string;
  priced: string;
  billed: string | null;
  original: { currency: string; amount: string }[];
  /** priced − billed; null when the billed side could not be converted. */
  difference: string | null;
  /** The difference as a share of the billed amount, rounded to one decimal; null when billed is 0 or unknown. */
  difference_percent: number | null;
  over_tolerance: boolean;
  events: number;
  unpriced: number;
  explanations: string[];
};

export type ReconcileInput = {
  priced: PricedDay[];
  billed: BilledDay[];
  overrides: OverrideChange[];
  /** Days from this one on may still change at the provider (the connector's synced_through, or today). */
  unsettledFrom: Record<string, string>;
  currency: string;
  tolerancePercent?: number;
};

const key = (service: string, day: string) => `${service}|${day}`;
const abs = (value: Decimal): Decimal => (value.coef < 0n ? { coef: -value.coef, scale: value.scale } : value);
const max = (a: Decimal, b: Decimal) => (compare(a, b) >= 0 ? a : b);

/** Only services that have a billed side are reconciled: without a connector there is nothing to compare. */
export function reconcile(input: ReconcileInput): ReconciledDay[] {
  const tolerance = parseDecimal(String(input.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT));
  const services = new Set(input.billed.map((row) => row.service));
  const priced = new Map(input.priced.filter((row) => services.has(row.service)).map((row) => [key(row.service, row.day), row]));
  const billed = new Map(input.billed.map((row) => [key(row.service, row.day), row]));
  const keys = [...new Set([...priced.keys(), ...billed.keys()])].sort();
  return keys.map((k) => {
    const [service, day] = k.split("|");
    const spent = priced.get(k) ?? { service, day, cost: "0", events: 0, unpriced: 0 };
    const bill = billed.get(k) ?? { service, day, amount: "0", original: [] };
    const ours = parseDecimal(spent.cost);
    const theirs = bill.amount === null ? null : parseDecimal(bill.amount);
    const difference = theirs === null ? null : subtract(ours, theirs);
    const over = difference !== null && theirs !== null && isOver(difference, ours, theirs, tolerance);
    return {
      service,
      day,
      priced: formatDecimal(ours),
      billed: theirs === null ? null : formatDecimal(theirs),
      original: bill.original,
      difference: difference === null ? null : formatDecimal(difference),
      difference_percent: difference === null || theirs === null || isZero(theirs) ? null : percentOf(difference, theirs),
      over_tolerance: over,
      events: spent.events,
      unpriced: spent.unpriced,
      explanations: explain({ service, day, ours, theirs, over, spent, input }),
    };
  });
}

function isOver(difference: Decimal, ours: Decimal, theirs: Decimal, tolerance: Decimal): boolean {
  const gap = abs(difference);
  if (compare(gap, NOISE) <= 0) return false;
  // gap > tolerance% of the larger side  ⇔  gap × 100 > tolerance × larger
  return compare(multiply(gap, parseDecimal("100")), multiply(tolerance, max(abs(ours), abs(theirs)))) > 0;
}

function percentOf(difference: Decimal, theirs: Decimal): number {
  // Display only: a rounded ratio, never used as money.
  return Math.round((Number(formatDecimal(difference)) / Number(formatDecimal(theirs))) * 1000) / 10;
}

type Facts = { service: string; day: string; ours: Decimal; theirs: Decimal | null; over: boolean; spent: PricedDay; input: ReconcileInput };

function explain({ service, day, ours, theirs, over, spent, input }: Facts): string[] {
  const reasons: string[] = [];
  if (theirs === null) {
    const currencies = [...new Set(input.billed.find((row) => row.service === service && row.day === day)?.original.map((line) => line.currency) ?? [])];
    reasons.push(`No exchange rate from ${currencies.join(", ")} to ${input.currency} on or before ${day}: add one under Settings → Prices.`);
  }
  if (spent.events === 0 && theirs !== null && !isZero(theirs)) {
    reasons.push(`No usage events for ${service} on this day: check that every caller sends them.`);
  }
  if (spent.unpriced > 0) {
    reasons.push(`${spent.unpriced} event${spent.unpriced === 1 ? "" : "s"} could not be priced (unknown model or price): their cost is missing on Spendguard's side.`);
  }
  for (const change of input.overrides.filter((row) => row.service === service && row.day === day)) {
    reasons.push(`Your price override for ${change.model} took effect on this day.`);
  }
  const unsettled = input.unsettledFrom[service];
  if (unsettled !== undefined && day >= unsettled) reasons.push("The provider may not have settled this day yet: it is synced again later.");
  if (over && reasons.length === 0 && theirs !== null) {
    reasons.push(compare(ours, theirs) < 0
      ? "Spendguard counted less than was billed: events may be missing, or the provider charged for something not metered by events (storage, fine-tuning, taxes)."
      : "Spendguard counted more than was billed: the catalog price may be above what you pay (a discount, credits): set a price override.");
  }
  return reasons;
}
