/**
 * What a budget allows in a period: its amount, plus — with rollover — what the previous period
 * left unused, up to the cap. Recursive: a period's unused amount includes what it had carried
 * in, so savings accumulate until the cap holds them. An overspent period carries nothing (it
 * never takes from the next).
 */
import { add, compare, formatDecimal, parseDecimal, subtract, ZERO, type Decimal } from "../money.ts";

export type Rollover = { enabled: boolean; cap: string | null };

/**
 * `previousSpent`: what was spent in each earlier period since the budget began, oldest first,
 * one entry per period (0 where nothing was spent — an idle period still carries its amount).
 */
export function effectiveAmount(amount: string, rollover: Rollover, previousSpent: readonly string[]): string {
  const base = parseDecimal(amount);
  if (!rollover.enabled) return formatDecimal(base);
  const cap = rollover.cap === null ? null : parseDecimal(rollover.cap);
  let effective: Decimal = base;
  for (const spent of previousSpent) {
    const unused = subtract(effective, parseDecimal(spent));
    let carried = compare(unused, ZERO) > 0 ? unused : ZERO;
    if (cap !== null && compare(carried, cap) > 0) carried = cap;
    effective = add(base, carried);
  }
  return formatDecimal(effective);
}
