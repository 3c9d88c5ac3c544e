import { describe, expect, it } from "vitest";
import { DELTA_SERVICES, RECENT_EVENTS, spendDelta, spendMessageSchema } from "@/lib/core/usage/spend-delta.ts";

type Pricing = "priced" | "unpriced" | "provided";
const event = (n: number, service: string, cost: string | null, pricing: Pricing = cost === null ? "unpriced" : "priced") => ({
  client_event_id: `e-${n}`,
  occurred_at: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
  service,
  model: "m",
  cost,
  pricing_status: pricing,
  team: null, project: null, environment: null, end_user: null, feature: null,
});

describe("spendDelta", () => {
  it("adds exact decimals per batch and per service, and counts unpriced events without adding $0 for them", () => {
    const delta = spendDelta([event(1, "openai", "0.1"), event(2, "openai", "0.2"), event(3, "twilio", "0.0079", "provided"), event(4, "openai", null)]);
    expect(delta).toMatchObject({ v: 1, accepted: 4, cost: "0.3079", unpriced: 1 });
    expect(delta.by_service).toEqual([{ service: "openai", cost: "0.3", events: 3 }, { service: "twilio", cost: "0.0079", events: 1 }]);
  });

  it("keeps the newest events for the feed and names the costliest services, the rest as other", () => {
    const events = Array.from({ length: DELTA_SERVICES + 5 }, (_, n) => event(n, `svc-${String(n).padStart(2, "0")}`, String(n + 1)));
    const delta = spendDelta(events);
    expect(delta.recent.map((e) => e.id)).toEqual(events.slice(-RECENT_EVENTS).reverse().map((e) => e.client_event_id));
    expect(delta.by_service).toHaveLength(DELTA_SERVICES + 1);
    expect(delta.by_service[0]).toEqual({ service: "svc-24", cost: "25", events: 1 });
    expect(delta.by_service.at(-1)).toEqual({ service: "other", cost: "15", events: 5 });
  });

  it("makes a message the dashboard accepts once the database adds the totals", () => {
    const message = {
      ...spendDelta([event(1, "openai", "1.5")]),
      committed_at: "2026-11-23T10:00:01Z",
      totals: { today: "12.5", month: "300", today_start: "2026-11-23T00:00:00Z", month_start: "2026-11-01T00:00:00Z" },
    };
    expect(spendMessageSchema.parse(message)).toEqual(message);
  });
});
