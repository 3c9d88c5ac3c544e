import { describe, expect, it } from "vitest";
import { DEMO_DAYS, SPIKE_DAYS_AGO, demoDates, generateDemoDay, generateDemoUsage } from "@/lib/core/demo/usage-generator.ts";
import { addDays, localDate } from "@/lib/core/time/local-date.ts";
import { isRejection, prepareEvent, usageEventSchema, type PreparedEvent } from "@/lib/core/usage/ingest-event.ts";
import { mergeCatalogs, parseCatalog } from "@/lib/core/pricing/catalog.ts";
import { EMPTY_FX_TABLE } from "@/lib/core/pricing/fx.ts";
import genaiPrices from "@/supabase/seed-data/price-catalog.genai-prices.json";
import manualPrices from "@/supabase/seed-data/price-catalog.manual.json";

// The real catalog, merged as lib/services/usage/price-catalog.ts does (that module is server-only).
const catalog = mergeCatalogs(parseCatalog(manualPrices), parseCatalog(genaiPrices));
// A Sunday afternoon in Berlin; the window crosses the end of summer time (25 October 2026).
const now = Date.parse("2026-11-22T15:30:00Z");
const timeZone = "Europe/Berlin";
const events = generateDemoUsage({ now, timeZone });
const pricing = { baseCurrency: "USD", catalog, fx: EMPTY_FX_TABLE };
const prepared = events.map((event, index) => prepareEvent(event, index, { pricing, now }));

const UNKNOWN_MODEL = "accounts/acme/models/support-tone-ft-v2";
const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localHour(timestamp: string, zone: string): number {
  if (!hourFormats.has(zone)) hourFormats.set(zone, new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }));
  return Number(hourFormats.get(zone)?.format(new Date(timestamp)));
}
const dayOf = (id: string) => `${id.slice(5, 9)}-${id.slice(9, 11)}-${id.slice(11, 13)}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Per local day: events and every generated quantity (tokens, messages, emails, units) summed. */
function dailyTotals(list: PreparedEvent[]) {
  const days = new Map<string, { events: number; quantity: number }>();
  for (const event of list) {
    const day = days.get(dayOf(event.client_event_id)) ?? { events: 0, quantity: 0 };
    day.events += 1;
    day.quantity += Object.values(event.quantities).reduce((sum, value) => sum + Number(value), 0);
    days.set(dayOf(event.client_event_id), day);
  }
  return days;
}

describe("generateDemoUsage", () => {
  it("is deterministic: the same options give the same events, another seed others", () => {
    expect(generateDemoUsage({ now, timeZone })).toEqual(events);
    const week = generateDemoUsage({ now, timeZone, days: 7 });
    expect(generateDemoUsage({ now, timeZone, days: 7 })).toEqual(week);
    expect(generateDemoUsage({ now, timeZone, days: 7, seed: "another" }).map((event) => event.timestamp)).not.toEqual(week.map((event) => event.timestamp));
  });

  it("covers 90 local days ending today, tens of thousands of events, a few hundred a day", () => {
    const dates = demoDates({ now, timeZone });
    expect(dates).toHaveLength(DEMO_DAYS);
    expect(dates.at(-1)).toBe("2026-11-22");
    expect(dates[0]).toBe(addDays("2026-11-22", -(DEMO_DAYS - 1)));
    expect(new Set(events.map((event) => dayOf(event.id)))).toEqual(new Set(dates));
    expect(events.length).toBeGreaterThan(20_000);
    expect(events.length).toBeLessThan(60_000);
    const perDay = [...dailyTotals(prepared as PreparedEvent[]).values()].map((day) => day.events);
    expect(median(perDay)).toBeGreaterThan(300);
    expect(median(perDay)).toBeLessThan(600);
  });

  it("makes valid API events with unique stable ids, none after now, each on the local day its id names", () => {
    const ids = new Set<string>();
    for (const event of events) {
      expect(usageEventSchema.safeParse(event).success).toBe(true);
      expect(event.id).toMatch(/^demo-\d{8}-\d{4}$/);
      expect(localDate(Date.parse(event.timestamp), timeZone)).toBe(dayOf(event.id));
      expect(Date.parse(event.timestamp)).toBeLessThanOrEqual(now);
      ids.add(event.id);
    }
    expect(ids.size).toBe(events.length);
  });

  it("is accepted and priced by ingest with the real catalog; only the unknown model is unpriced", () => {
    expect(prepared.filter(isRejection)).toEqual([]);
    const ok = prepared as PreparedEvent[];
    const unpriced = ok.filter((event) => event.pricing_status === "unpriced");
    expect(unpriced.length).toBeGreaterThan(0);
    expect(new Set(unpriced.map((event) => `${event.model}:${event.unpriced_reason}`))).toEqual(new Set([`${UNKNOWN_MODEL}:unknown_model`]));
    expect(new Set(ok.filter((event) => event.pricing_status === "provided").map((event) => event.service))).toEqual(new Set(["apify"]));
    // Spend in the low thousands of dollars (summed in cents here; ingest keeps exact decimals).
    const dollars = ok.reduce((sum, event) => sum + Number(event.cost ?? 0), 0);
    expect(dollars).toBeGreaterThan(1000);
    expect(dollars).toBeLessThan(5000);
  });

  it("spans the services, usage formats and dimensions a product team has", () => {
    expect(new Set(events.map((event) => event.service))).toEqual(
      new Set(["openai", "anthropic", "google", "twilio", "resend", "apify", "fireworks"]),
    );
    expect(new Set(events.map((event) => event.usage_format).filter(Boolean))).toEqual(
      new Set(["openai-chat", "openai-responses", "anthropic-messages", "gemini"]),
    );
    expect(new Set(events.map((event) => event.team))).toEqual(new Set(["growth", "platform", "support"]));
    expect(new Set(events.map((event) => event.environment))).toEqual(new Set(["production", "staging"]));
    const ok = prepared as PreparedEvent[];
    for (const unit of ["cached_input_token", "cache_write_token", "cache_write_1h_token", "message", "email"]) {
      expect(ok.some((event) => Number(event.quantities[unit] ?? 0) > 0), unit).toBe(true);
    }
    expect(events.some((event) => (event.usage?.output_tokens_details as { reasoning_tokens?: number } | undefined)?.reasoning_tokens)).toBe(true);
    const errors = events.filter((event) => event.status === "error");
    expect(errors.length / events.length).toBeGreaterThan(0.003);
    expect(errors.length / events.length).toBeLessThan(0.05);
    expect(errors.every((event) => event.error_code)).toBe(true);
    expect(events.every((event) => event.latency_ms !== undefined && event.latency_ms > 0)).toBe(true);
  });

  it("has a weekly rhythm, growth and one runaway day in the daily totals", () => {
    const days = dailyTotals(prepared as PreparedEvent[]);
    const spikeDay = addDays("2026-11-22", -SPIKE_DAYS_AGO);
    const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    const ordinary = [...days].filter(([date]) => date !== spikeDay && date !== "2026-11-22");
    const weekdays = ordinary.filter(([date]) => !weekend(date)).map(([, day]) => day);
    const weekends = ordinary.filter(([date]) => weekend(date)).map(([, day]) => day);
    expect(mean(weekdays.map((day) => day.events))).toBeGreaterThan(1.6 * mean(weekends.map((day) => day.events)));
    expect(mean(weekdays.map((day) => day.quantity))).toBeGreaterThan(1.6 * mean(weekends.map((day) => day.quantity)));

    expect(mean(weekdays.slice(-20).map((day) => day.events))).toBeGreaterThan(1.15 * mean(weekdays.slice(0, 20).map((day) => day.events)));

    const spike = days.get(spikeDay);
    const others = [...days].filter(([date]) => date !== spikeDay).map(([, day]) => day);
    expect(spike?.events).toBeGreaterThan(2.5 * median(others.map((day) => day.events)));
    expect(spike?.quantity).toBeGreaterThan(3 * Math.max(...others.map((day) => day.quantity)));
  });

  it("follows office hours in the organization's time zone", () => {
    const countAt = (list: typeof events, zone: string, hours: number[]) =>
      list.filter((event) => hours.includes(localHour(event.timestamp, zone))).length;
    // Afternoons are busy, early mornings quiet (nights have the batch jobs).
    expect(countAt(events, timeZone, [14])).toBeGreaterThan(3 * countAt(events, timeZone, [6]));
    // The same day in Tokyo: the afternoon is Tokyo's, not Berlin's.
    const tokyo = generateDemoUsage({ now, timeZone: "Asia/Tokyo", days: SPIKE_DAYS_AGO });
    expect(countAt(tokyo, "Asia/Tokyo", [14])).toBeGreaterThan(3 * countAt(tokyo, "Asia/Tokyo", [6]));
    expect(tokyo.every((event) => localDate(Date.parse(event.timestamp), "Asia/Tokyo") === dayOf(event.id))).toBe(true);
  });

  it("has an unknown model only in the last weeks, and minor services skip some days", () => {
    const unknown = events.filter((event) => event.model === UNKNOWN_MODEL);
    expect(unknown.length).toBeGreaterThan(20);
    expect(dayOf(unknown[0].id) >= addDays("2026-11-22", -21)).toBe(true);
    const scraperDays = new Set(events.filter((event) => event.service === "apify").map((event) => dayOf(event.id)));
    const weekdayCount = demoDates({ now, timeZone }).filter((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())).length;
    expect(scraperDays.size).toBeGreaterThan(weekdayCount / 2);
    expect(scraperDays.size).toBeLessThan(weekdayCount);
  });

  it("gives a day the same ids whichever window or time it is generated in; today stops at now", () => {
    const earlier = now - 6 * 3_600_000;
    const today = generateDemoDay("2026-11-22", { now: earlier, timeZone });
    expect(today.length).toBeGreaterThan(0);
    expect(today.every((event) => Date.parse(event.timestamp) <= earlier)).toBe(true);
    const later = events.filter((event) => dayOf(event.id) === "2026-11-22");
    expect(later.length).toBeGreaterThan(today.length);
    expect(later.slice(0, today.length).map((event) => event.id)).toEqual(today.map((event) => event.id));
    const chunked = demoDates({ now, timeZone }).flatMap((date) => generateDemoDay(date, { now, timeZone }));
    expect(chunked).toEqual(events);
  });
});
