/**
 * Demo usage: API-shaped events (usageEventSchema) for the last N calendar days of an
 * organization, from the workloads in workloads.ts. Pure and deterministic — the same seed, day
 * and `now` give the same events anywhere — so the seed script and the "Load demo data" button
 * produce identical data, and loading twice stores nothing new.
 *
 * Shape: days and hours in the organization's time zone; quieter weekends; gentle growth across
 * the window (the last day is the busiest ordinary day); per-day noise shared by all workloads;
 * one runaway job SPIKE_DAYS_AGO; minor services skip some days; an unknown model in recent weeks.
 *
 * Ids are `demo-<yyyymmdd>-<nnnn>` (local date, then the event's place in that day), so a day
 * always yields the same ids: resending is a no-op at ingest (idempotency by client id).
 */
import type { UsageEventInput } from "../usage/ingest-event.ts";
import { addDays, localDate, localTimeToUtc, weekday } from "../time/local-date.ts";
import { createRandom } from "../random.ts";
import { WORKLOADS, type DemoEventBody } from "./workloads.ts";

export const DEMO_DAYS = 90;
/** The runaway job happened this many days before today. */
export const SPIKE_DAYS_AGO = 10;
const DEFAULT_SEED = "spendguard-demo";
const DAY_MS = 86_400_000;

export type DemoUsageOptions = {
  /** Events end here (ms since epoch): nothing later is generated. */
  now: number;
  /** The organization's IANA time zone: days, weekends and office hours are its. */
  timeZone: string;
  /** Calendar days ending with today (default DEMO_DAYS). */
  days?: number;
  seed?: string;
};

/** The window's local dates ("2026-11-22"), oldest first, today last. */
export function demoDates(options: DemoUsageOptions): string[] {
  const days = options.days ?? DEMO_DAYS;
  const today = localDate(options.now, options.timeZone);
  return Array.from({ length: days }, (_, index) => addDays(today, index - (days - 1)));
}

/** Whole days from `date` to today. */
function daysBefore(date: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
}

/** One local day's events, in time order, none after `now`. */
export function generateDemoDay(date: string, options: DemoUsageOptions): UsageEventInput[] {
  const days = options.days ?? DEMO_DAYS;
  const seed = options.seed ?? DEFAULT_SEED;
  const daysAgo = daysBefore(date, localDate(options.now, options.timeZone));
  const progress = days > 1 ? 1 - daysAgo / (days - 1) : 1;
  const growth = 0.7 + 0.3 * progress;
  const isWeekend = [0, 6].includes(weekday(date));
  // Busy and quiet days move every workload together.
  const dayFactor = 0.88 + 0.24 * createRandom(`${seed}:${date}`).next();

  // Where each local hour starts: offsets change on hour boundaries, so 24 time-zone lookups a day, not one per event.
  const hourStarts = Array.from({ length: 24 }, (_, hour) => localTimeToUtc(date, hour * 3600, options.timeZone));

  const timed: { at: number; event: DemoEventBody }[] = [];
  for (const workload of WORKLOADS) {
    const random = createRandom(`${seed}:${date}:${workload.name}`);
    if (workload.sinceDaysAgo !== undefined && daysAgo > workload.sinceDaysAgo) continue;
    if (workload.quietDayChance !== undefined && random.chance(workload.quietDayChance)) continue;
    const runaway = daysAgo === SPIKE_DAYS_AGO ? workload.runaway : undefined;
    const expected = runaway
      ? runaway.events
      : workload.perWeekday * (isWeekend ? workload.weekend : 1) * growth * dayFactor * (0.9 + 0.2 * random.next());
    const hours = (runaway?.hours ?? workload.hours).map((weight, hour) => [hour, weight] as const);
    for (let i = 0; i < Math.round(expected); i++) {
      const at = hourStarts[random.weighted(hours)] + random.int(0, 3599) * 1000 + random.int(0, 999);
      timed.push({ at, event: workload.event(random) });
    }
  }

  const compact = date.replaceAll("-", "");
  return timed
    .sort((a, b) => a.at - b.at)
    .map(({ at, event }, index) => ({ id: `demo-${compact}-${String(index + 1).padStart(4, "0")}`, timestamp: new Date(at).toISOString(), ...event }))
    .filter((event) => Date.parse(event.timestamp) <= options.now);
}

/** Every day of the window, oldest first. */
export function generateDemoUsage(options: DemoUsageOptions): UsageEventInput[] {
  return demoDates(options).flatMap((date) => generateDemoDay(date, options));
}
