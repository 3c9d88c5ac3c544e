/**
 * What a Realtime message does to each cached dashboard answer (lib/realtime/dashboard-cache.ts):
 * applied in place when the message says exactly what changed, marked stale (to be refetched)
 * when it cannot.
 */
import { describe, expect, it } from "vitest";
import type { RecentEvent, SpendMessage } from "@/lib/core/usage/spend-delta.ts";
import { budgetsWithLedgers, feedWithMessage, spendWithMessage, tilesWithSpend } from "@/lib/realtime/dashboard-cache.ts";
import { DASHBOARD_FEED_SIZE } from "@/lib/services/dashboard/dashboard-schemas.ts";
import type { BudgetCard, DashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets.ts";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend.ts";
import type { DashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles.ts";

const TODAY = "2026-11-23T00:00:00.000Z";
const MONTH = "2026-11-01T00:00:00.000Z";

function event(id: string, occurredAt: string, service = "openai", cost: string | null = "1"): RecentEvent {
  return {
    id, occurred_at: occurredAt, service, model: "gpt-4o", cost, pricing_status: cost === null ? "unpriced" : "priced",
    team: null, project: null, environment: null, end_user: null, feature: null,
  };
}

function message(recent: RecentEvent[], overrides: Partial<SpendMessage> = {}): SpendMessage {
  return {
    v: 1,
    accepted: recent.length,
    cost: "1.5",
    unpriced: 0,
    by_service: [{ service: "openai", cost: "1.5", events: recent.length }],
    recent,
    committed_at: "2026-11-23T10:00:01.000Z",
    totals: { today: "12.5000000000", month: "100.50", today_start: "2026-11-23T00:00:00+00:00", month_start: "2026-11-01T00:00:00+00:00" },
    ...overrides,
  };
}

const tiles: DashboardTiles = {
  currency: "USD",
  hasUsage: false,
  today: { start: TODAY, spent: "11", previous: "9" },
  month: { start: MONTH, end: "2026-12-01T00:00:00.000Z", spent: "99", previous: "80", lastMonth: "120" },
  forecast: { rest: { p10: 10, p50: 20, p90: 30 }, method: "run_rate", historyDays: 30, computedAt: TODAY },
};

describe("tiles", () => {
  it("take today and the month from the message's totals, exact and trimmed", () => {
    const { data, stale } = tilesWithSpend(tiles, message([event("a", "2026-11-23T10:00:00.000Z")]));
    expect(stale).toBe(false);
    expect(data.today).toEqual({ start: TODAY, spent: "12.5", previous: "9" });
    expect(data.month.spent).toBe("100.5");
    expect(data.hasUsage).toBe(true);
  });

  it("are stale when the day has turned: the comparisons are for another day", () => {
    const next = message([event("a", "2026-11-24T00:10:00.000Z")], {
      totals: { today: "1", month: "101", today_start: "2026-11-24T00:00:00+00:00", month_start: "2026-11-01T00:00:00+00:00" },
    });
    const { data, stale } = tilesWithSpend(tiles, next);
    expect(stale).toBe(true);
    expect(data.today.spent).toBe("11");
  });
});

const spend: DashboardSpend = {
  range: "7d",
  granularity: "day",
  from: "2026-11-17T00:00:00.000Z",
  to: "2026-11-24T00:00:00.000Z",
  currency: "USD",
  timezone: "UTC",
  totals: { cost: "10", events: 5, errors: 0, unpriced_events: 1 },
  buckets: Array.from({ length: 7 }, (_, i) => `2026-11-${String(17 + i)}T00:00:00Z`),
  series: [
    { bucket_start: "2026-11-22T00:00:00Z", service: "openai", cost: "6", events: 3, errors: 0, unpriced_events: 0 },
    { bucket_start: "2026-11-23T00:00:00Z", service: "anthropic", cost: "4", events: 2, errors: 0, unpriced_events: 1 },
  ],
  services: {
    rows: [
      { service: "openai", cost: "6", events: 3, errors: 0, unpriced_events: 0, share_percent: "60" },
      { service: "anthropic", cost: "4", events: 2, errors: 0, unpriced_events: 1, share_percent: "40" },
    ],
    truncated: false,
  },
};

describe("spend over time", () => {
  it("adds a fully listed batch to its bucket, the services and the totals, exactly", () => {
    const batch = message([event("a", "2026-11-23T10:00:00.000Z"), event("b", "2026-11-23T10:00:00.500Z", "openai", null)], {
      cost: "0.25", unpriced: 1, by_service: [{ service: "openai", cost: "0.25", events: 2 }],
    });
    const { data, stale } = spendWithMessage(spend, batch);
    expect(stale).toBe(false);
    expect(data.totals).toEqual({ cost: "10.25", events: 7, errors: 0, unpriced_events: 2 });
    expect(data.series).toContainEqual({ bucket_start: "2026-11-23T00:00:00Z", service: "openai", cost: "0.25", events: 2, errors: 0, unpriced_events: 0 });
    expect(data.services.rows.map((row) => [row.service, row.cost, row.share_percent])).toEqual([["openai", "6.25", "61"], ["anthropic", "4", "39"]]);
    // The cached answer itself is never changed.
    expect(spend.totals.cost).toBe("10");
  });

  it("adds a new service as its own band while there is room", () => {
    const { data, stale } = spendWithMessage(spend, message([event("a", "2026-11-23T10:00:00.000Z", "twilio")], {
      cost: "0.01", by_service: [{ service: "twilio", cost: "0.01", events: 1 }],
    }));
    expect(stale).toBe(false);
    expect(data.services.rows.map((row) => row.service)).toEqual(["openai", "anthropic", "twilio"]);
    expect(data.series.at(-1)).toMatchObject({ bucket_start: "2026-11-23T00:00:00Z", service: "twilio", cost: "0.01" });
  });

  it("applies a batch larger than its listed events, but asks to confirm it", () => {
    const { data, stale } = spendWithMessage(spend, message([event("a", "2026-11-23T10:00:00.000Z")], { accepted: 40 }));
    expect(stale).toBe(true);
    expect(data.totals.events).toBe(45);
  });

  it("leaves events outside the range, or spread over buckets, to a refetch", () => {
    expect(spendWithMessage(spend, message([event("a", "2026-11-24T00:00:00.000Z")]))).toEqual({ data: spend, stale: true });
    expect(spendWithMessage(spend, message([event("a", "2026-11-16T23:59:59.000Z")]))).toEqual({ data: spend, stale: true });
    expect(spendWithMessage(spend, message([event("a", "2026-11-22T10:00:00.000Z"), event("b", "2026-11-23T10:00:00.000Z")]))).toEqual({ data: spend, stale: true });
  });

  it("marks a change of rank stale: the chart's bands may change", () => {
    const { data, stale } = spendWithMessage(spend, message([event("a", "2026-11-23T10:00:00.000Z", "anthropic")], {
      cost: "3", by_service: [{ service: "anthropic", cost: "3", events: 1 }],
    }));
    expect(stale).toBe(true);
    expect(data.services.rows.map((row) => row.service)).toEqual(["anthropic", "openai"]);
  });

  it("puts a service outside a truncated list into Other, and asks to confirm", () => {
    const truncated = { ...spend, services: { ...spend.services, truncated: true } };
    const { data, stale } = spendWithMessage(truncated, message([event("a", "2026-11-23T10:00:00.000Z", "resend")], {
      cost: "0.5", by_service: [{ service: "resend", cost: "0.5", events: 1 }],
    }));
    expect(stale).toBe(true);
    expect(data.series.at(-1)).toMatchObject({ service: null, cost: "0.5" });
  });
});

describe("live feed", () => {
  it("merges the batch's events newest first, once each, keeping the newest few", () => {
    const old = Array.from({ length: DASHBOARD_FEED_SIZE }, (_, i) => event(`old-${i}`, new Date(Date.UTC(2026, 10, 23, 9, 0, 59 - i)).toISOString()));
    const feed = feedWithMessage({ events: old }, message([event("new", "2026-11-23T10:00:00.000Z"), event("old-0", "2026-11-23T09:00:59.000Z")]));
    expect(feed.events).toHaveLength(DASHBOARD_FEED_SIZE);
    expect(feed.events[0].id).toBe("new");
    expect(feed.events.filter((e) => e.id === "old-0")).toHaveLength(1);
    // The oldest one dropped to make room for the new one.
    expect(feed.events.at(-1)?.id).toBe(`old-${DASHBOARD_FEED_SIZE - 2}`);
  });
});

describe("budget cards", () => {
  const card: BudgetCard = {
    id: "b1", name: "All usage", currency: "USD", period: { kind: "monthly", startDay: 1 }, per: null, warnAtPercent: 80,
    status: "ok", spent: "40", effectiveAmount: "100", percent: 40, periodStart: MONTH, periodEnd: "2026-12-01T00:00:00.000Z",
    subjectCount: 0, forecast: [{ date: "2026-11-30", p10: 60, p50: 70, p90: 80 }],
  };
  const budgets: DashboardBudgets = { cards: [card], total: 1, asOf: TODAY };
  const ledger = (spent: string, overrides: Record<string, string | null> = {}) => ({ budget_id: "b1", subject: "", period_start: "2026-11-01T00:00:00+00:00", spent, ...overrides });

  it("take the ledger's spent, re-derive the status with the status's rule and move the forecast with it", () => {
    const { data, stale } = budgetsWithLedgers(budgets, { v: 1, ledgers: [ledger("85.5")] });
    expect(stale).toBe(false);
    expect(data.cards[0]).toMatchObject({ spent: "85.5", percent: 85.5, status: "forecast_to_exceed" });
    expect(data.cards[0].forecast?.[0]).toEqual({ date: "2026-11-30", p10: 105.5, p50: 115.5, p90: 125.5 });
    expect(budgetsWithLedgers(budgets, { v: 1, ledgers: [ledger("100.01")] }).data.cards[0].status).toBe("exceeded");
  });

  it("leave other periods, subjects and budgets off screen to a refetch", () => {
    expect(budgetsWithLedgers(budgets, { v: 1, ledgers: [ledger("50", { period_start: "2026-10-01T00:00:00Z" })] })).toEqual({ data: budgets, stale: true });
    expect(budgetsWithLedgers({ ...budgets, cards: [{ ...card, per: "team" }] }, { v: 1, ledgers: [ledger("50", { subject: "search" })] }).stale).toBe(true);
    expect(budgetsWithLedgers({ ...budgets, total: 9 }, { v: 1, ledgers: [ledger("50", { budget_id: "b9" })] }).stale).toBe(true);
    expect(budgetsWithLedgers(budgets, { v: 1, ledgers: [ledger("50", { budget_id: "b9" })] }).stale).toBe(false);
  });
});
