/**
 * Which groups' spend (models, teams, projects…) rose or fell the most from one month to the
 * next: the exact difference of their exact totals, largest first each way. A group spent in only
 * one of the two months counts from (or to) zero; a group whose spend did not move is left out.
 */
import { compare, formatDecimal, isZero, parseDecimal, subtract, ZERO, type Decimal } from "../money.ts";

/** One group's total in a month: `key` identifies it across months, `group` travels along untouched. */
export type GroupSpend<G> = { key: string; group: G; cost: string };

export type SpendChange<G> = {
  key: string;
  group: G;
  current: string;
  previous: string;
  /** current − previous, exact (negative when it fell). */
  change: string;
  /** The change in percent of the previous month, one decimal (approximate, for people); null when the previous month had nothing. */
  percent: number | null;
};

export type RankedChanges<G> = { rose: SpendChange<G>[]; fell: SpendChange<G>[] };

export function rankChanges<G>(current: readonly GroupSpend<G>[], previous: readonly GroupSpend<G>[], limit: number): RankedChanges<G> {
  const merged = new Map<string, { group: G; current: Decimal; previous: Decimal }>();
  for (const row of previous) merged.set(row.key, { group: row.group, current: ZERO, previous: parseDecimal(row.cost) });
  for (const row of current) {
    const seen = merged.get(row.key);
    merged.set(row.key, { group: row.group, current: parseDecimal(row.cost), previous: seen?.previous ?? ZERO });
  }

  const changes: (SpendChange<G> & { delta: Decimal })[] = [];
  for (const [key, row] of merged) {
    const delta = subtract(row.current, row.previous);
    if (isZero(delta)) continue;
    changes.push({
      key,
      group: row.group,
      current: formatDecimal(row.current),
      previous: formatDecimal(row.previous),
      change: formatDecimal(delta),
      percent: isZero(row.previous) ? null : percentOf(delta, row.previous),
      delta,
    });
  }
  // Ties (equal changes) in key order, so the same data always ranks the same.
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const rose = changes.filter((row) => row.delta.coef > 0n).sort((a, b) => compare(b.delta, a.delta) || byKey(a, b));
  const fell = changes.filter((row) => row.delta.coef < 0n).sort((a, b) => compare(a.delta, b.delta) || byKey(a, b));
  const strip = ({ delta: _delta, ...row }: SpendChange<G> & { delta: Decimal }): SpendChange<G> => row;
  return { rose: rose.slice(0, limit).map(strip), fell: fell.slice(0, limit).map(strip) };
}

/** change / base × 100 to one decimal; the exact amounts become numbers only to divide. */
export function percentOf(change: Decimal, base: Decimal): number {
  const percent = (Number(formatDecimal(change)) / Number(formatDecimal(base))) * 100;
  return Math.round(percent * 10) / 10;
}
