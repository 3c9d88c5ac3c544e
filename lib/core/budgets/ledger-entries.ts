/**
 * What to add to each budget ledger for a set of events: their costs (or, when repricing, the
 * change in their costs) summed exactly per ledger key, with event and unpriced counts.
 */
import { add, formatDecimal, parseDecimal, ZERO, type Decimal } from "../money.ts";
import type { LedgerKey } from "./ledger-keys.ts";

export type LedgerEntry = LedgerKey & { spent: string; events: number; unpriced: number };

export type LedgerItem = {
  keys: readonly LedgerKey[];
  /** Cost to add (a decimal string, negative when a repricing lowered it); null adds nothing. */
  spent: string | null;
  events: number;
  unpriced: number;
};

export function ledgerEntries(items: Iterable<LedgerItem>): LedgerEntry[] {
  const totals = new Map<string, { key: LedgerKey; spent: Decimal; events: number; unpriced: number }>();
  for (const item of items) {
    for (const key of item.keys) {
      const id = JSON.stringify([key.budget_id, key.period_start, key.subject]);
      const total = totals.get(id) ?? { key, spent: ZERO, events: 0, unpriced: 0 };
      if (item.spent !== null) total.spent = add(total.spent, parseDecimal(item.spent));
      total.events += item.events;
      total.unpriced += item.unpriced;
      totals.set(id, total);
    }
  }
  return [...totals.values()]
    .filter((total) => total.events !== 0 || total.unpriced !== 0 || total.spent.coef !== 0n)
    .map((total) => ({ ...total.key, spent: formatDecimal(total.spent), events: total.events, unpriced: total.unpriced }));
}
