/**
 * Where a percent threshold of a budget lies, and which ledger changes cross it — exactly, in
 * decimals: "spent reached 80 % of $1,000" means spent × 100 ≥ 80 × 1,000, with no rounding at
 * the line. A crossing is old < line ≤ new (up) or new < line ≤ old (down, after repricing).
 */
import { compare, multiply, parseDecimal, scaleByPowerOfTen, type Decimal } from "../money.ts";

/** threshold % of amount, as an exact decimal. */
export function thresholdLine(amount: string, thresholdPercent: string): Decimal {
  return scaleByPowerOfTen(multiply(parseDecimal(amount), parseDecimal(thresholdPercent)), -2);
}

export function reaches(spent: string, line: Decimal): boolean {
  return compare(parseDecimal(spent), line) >= 0;
}

export type Crossing = "up" | "down" | null;

export function crossing(spentBefore: string, spent: string, line: Decimal): Crossing {
  const before = reaches(spentBefore, line);
  const after = reaches(spent, line);
  if (!before && after) return "up";
  if (before && !after) return "down";
  return null;
}

/** spent as a percent of amount, for people (not for decisions). */
export function percentOf(spent: string, amount: string): number {
  const total = Number(amount);
  return total > 0 ? Math.round((Number(spent) / total) * 10_000) / 100 : 0;
}
