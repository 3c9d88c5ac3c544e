/**
 * The dashboard's React Query keys, and what a Realtime message does to each cached answer —
 * pure functions, so the rules are tested without a browser (tests/unit/realtime/).
 *
 * An update is applied in place when the message says exactly what changed; otherwise the answer
 * is returned as it was (or as far as it could be moved) with `stale: true`, and the hook
 * refetches it. The rules:
 *   - tiles: today and month-to-date are the message's own totals (private.spend_totals, absolute,
 *     so one message repairs any drift); a new day or month means new comparisons: stale.
 *   - spend over time: the batch's cost per service goes into the bucket its events fall in. That
 *     is exact only when the message lists every event of the batch (`recent` holds at most ten)
 *     and they share one bucket of the cached range; with more events they are added all the same
 *     (they are nearly always "now") and the answer is marked stale to be confirmed.
 *   - live feed: the batch's newest events merged in, newest first.
 *   - budget cards: a whole budget's current ledger gives its new spent; its status word is
 *     re-derived with the status's own rule (statusWord) and its forecast moved by the same amount;
 *     anything else (per-subject budgets, other periods, budgets not on screen) is stale.
 * Money stays exact decimal strings; numbers only for the approximate forecast and percent.
 */
import { statusWord } from "@/lib/core/budgets/status";
import { add, compare, formatDecimal, parseDecimal } from "@/lib/core/money";
import type { BudgetsMessage, SpendMessage } from "@/lib/core/usage/spend-delta";
import { compareBudgetCards } from "@/lib/services/dashboard/budget-card-order";
import { DASHBOARD_CHART_SERVICES, DASHBOARD_FEED_SIZE } from "@/lib/services/dashboard/dashboard-schemas";
import type { DashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";
import type { DashboardFeed } from "@/lib/services/dashboard/get-dashboard-feed";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import type { DashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";

export const dashboardKeys = {
  all: (slug: string) => ["dashboard", slug] as const,
  tiles: (slug: string) => ["dashboard", slug, "tiles"] as const,
  /** Without `search`: every range's answer (for updates and refetches). */
  spend: (slug: string, search?: string) => (search === undefined ? ["dashboard", slug, "spend"] : ["dashboard", slug, "spend", search]),
  top: (slug: string, search?: string) => (search === undefined ? ["dashboard", slug, "top"] : ["dashboard", slug, "top", search]),
  budgets: (slug: string) => ["dashboard", slug, "budgets"] as const,
  alerts: (slug: string) => ["dashboard", slug, "alerts"] as const,
  feed: (slug: string) => ["dashboard", slug, "feed"] as const,
};

/** What the organization's pages other than the dashboard keep live. */
export const orgKeys = {
  openAlerts: (slug: string) => ["org", slug, "open-alerts"] as const,
};

export type Update<T> = { data: T; stale: boolean };

const tidy = (value: string) => formatDecimal(parseDecimal(value));
const plus = (a: string, b: string) => formatDecimal(add(parseDecimal(a), parseDecimal(b)));
const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Date.parse(a) === Date.parse(b));

export function tilesWithSpend(tiles: DashboardTiles, message: SpendMessage): Update<DashboardTiles> {
  const { totals } = message;
  const samePeriods = sameInstant(totals.today_start, tiles.today.start) && sameInstant(totals.month_start, tiles.month.start);
  if (!samePeriods) return { data: { ...tiles, hasUsage: true }, stale: true };
  return {
    data: {
      ...tiles,
      hasUsage: true,
      today: { ...tiles.today, spent: tidy(totals.today) },
      month: { ...tiles.month, spent: tidy(totals.month) },
    },
    stale: false,
  };
}

/** The index of the bucket `instant` falls in, or -1 outside the range. */
function bucketIndex(spend: DashboardSpend, instant: number): number {
  if (!(instant >= Date.parse(spend.from) && instant < Date.parse(spend.to))) return -1;
  let found = -1;
  spend.buckets.forEach((start, index) => {
    if (Date.parse(start) <= instant) found = index;
  });
  return found;
}

export function spendWithMessage(spend: DashboardSpend, message: SpendMessage): Update<DashboardSpend> {
  const indexes = new Set(message.recent.map((event) => bucketIndex(spend, Date.parse(event.occurred_at))));
  const [index] = indexes;
  if (indexes.size !== 1 || index === undefined || index < 0) return { data: spend, stale: true };
  const bucket = spend.buckets[index];
  let stale = message.recent.length < message.accepted;

  const rows = spend.services.rows.map((row) => ({ ...row }));
  const series = spend.series.map((row) => ({ ...row }));
  for (const delta of message.by_service) {
    let row = rows.find((candidate) => candidate.service === delta.service);
    if (!row && !spend.services.truncated && rows.length < DASHBOARD_CHART_SERVICES) {
      row = { service: delta.service, cost: "0", events: 0, errors: 0, unpriced_events: 0, share_percent: null };
      rows.push(row);
    }
    // A service outside the listed ones (or the message's own "other" sum) goes to the chart's Other band.
    if (!row) stale = true;
    else Object.assign(row, { cost: plus(row.cost, delta.cost), events: row.events + delta.events });
    const band = row ? row.service : null;
    const cell = series.find((candidate) => candidate.bucket_start === bucket && candidate.service === band);
    if (cell) Object.assign(cell, { cost: plus(cell.cost, delta.cost), events: cell.events + delta.events });
    else series.push({ bucket_start: bucket, service: band, cost: tidy(delta.cost), events: delta.events, errors: 0, unpriced_events: 0 });
  }

  const totals = {
    ...spend.totals,
    cost: plus(spend.totals.cost, message.cost),
    events: spend.totals.events + message.accepted,
    unpriced_events: spend.totals.unpriced_events + message.unpriced,
  };
  const order = rows.map((row) => row.service);
  rows.sort((a, b) => compare(parseDecimal(b.cost), parseDecimal(a.cost)) || b.events - a.events);
  // A change of rank can move a service into or out of the chart's bands: confirm with the server.
  if (rows.some((row, i) => row.service !== order[i])) stale = true;
  const total = Number(totals.cost);
  for (const row of rows) row.share_percent = total > 0 ? String(Math.round((Number(row.cost) / total) * 1000) / 10) : null;
  return { data: { ...spend, totals, series, services: { rows, truncated: spend.services.truncated } }, stale };
}

export function feedWithMessage(feed: DashboardFeed, message: SpendMessage): DashboardFeed {
  const fresh = new Set(message.recent.map((event) => event.id));
  const events = [...message.recent, ...feed.events.filter((event) => !fresh.has(event.id))]
    .sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at))
    .slice(0, DASHBOARD_FEED_SIZE);
  return { events };
}

export function budgetsWithLedgers(budgets: DashboardBudgets, message: BudgetsMessage): Update<DashboardBudgets> {
  let stale = message.ledgers.some((ledger) => !budgets.cards.some((card) => card.id === ledger.budget_id)) && budgets.total > budgets.cards.length;
  const cards = budgets.cards.map((card) => {
    const moved = message.ledgers.filter((ledger) => ledger.budget_id === card.id);
    if (moved.length === 0) return card;
    const [ledger] = moved;
    if (card.per !== null || moved.length > 1 || ledger.subject !== "" || !sameInstant(ledger.period_start, card.periodStart)) {
      stale = true;
      return card;
    }
    const spent = tidy(ledger.spent);
    const shift = Number(spent) - Number(card.spent);
    const forecast = card.forecast?.map((point) => ({ ...point, p10: point.p10 + shift, p50: point.p50 + shift, p90: point.p90 + shift })) ?? null;
    const status = statusWord(parseDecimal(spent), parseDecimal(card.effectiveAmount), parseDecimal(String(card.warnAtPercent)), forecast?.at(-1)?.p50 ?? null);
    const percent = Math.round((Number(spent) / Number(card.effectiveAmount)) * 1000) / 10;
    return { ...card, spent, percent, status, forecast };
  });
  return { data: { ...budgets, cards: cards.sort(compareBudgetCards) }, stale };
}
