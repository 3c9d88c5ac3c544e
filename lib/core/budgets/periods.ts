/**
 * Budget periods: which window an instant falls in, cut on calendar boundaries in the budget's
 * own time zone — local midnight, the chosen first day of the week, the chosen first day of the
 * month (billing cycles), quarters and years from a chosen first month (fiscal years). A period
 * is [start, end) in UTC instants, so a day that loses or gains an hour to daylight saving is 23
 * or 25 hours long and nothing is counted twice or lost at the seam.
 *
 * Custom periods name local calendar dates, both inclusive ("Nov 1 – Nov 30"), as people write
 * them. Lifetime periods never end and may start on a date.
 */
import { z } from "zod";
import { localParts, zonedToUtc } from "../time/zoned.ts";

const localDate = z.iso.date();

export const budgetPeriodSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("daily") }),
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  z.strictObject({ kind: z.literal("weekly"), weekStart: z.number().int().min(1).max(7).default(1) }),
  /** Day of the month the period starts on (1–28, so every month has it). */
  z.strictObject({ kind: z.literal("monthly"), startDay: z.number().int().min(1).max(28).default(1) }),
  /** First month of the first quarter (1 = calendar quarters, 4 = a fiscal year from April…). */
  z.strictObject({ kind: z.literal("quarterly"), startMonth: z.number().int().min(1).max(12).default(1) }),
  z.strictObject({ kind: z.literal("yearly"), startMonth: z.number().int().min(1).max(12).default(1) }),
  z
    .strictObject({ kind: z.literal("custom"), startDate: localDate, endDate: localDate })
    .refine((period) => period.endDate >= period.startDate, { message: "The end date must not be before the start date.", path: ["endDate"] }),
  z.strictObject({ kind: z.literal("lifetime"), startDate: localDate.optional() }),
]);

export type BudgetPeriod = z.output<typeof budgetPeriodSchema>;

/** [start, end) in ms since epoch; start null = since forever, end null = never ends. */
export type PeriodWindow = { start: number | null; end: number | null };

type LocalDate = { year: number; month: number; day: number };

function parseLocalDate(text: string): LocalDate {
  const [year, month, day] = text.split("-").map(Number);
  return { year, month, day };
}

/** The first instant of a local calendar date (month and day may overflow; they normalize). */
function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const normalized = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return zonedToUtc({ year: normalized.getUTCFullYear(), month: normalized.getUTCMonth() + 1, day: normalized.getUTCDate() }, timeZone);
}

function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The period `at` falls in, or null when it falls in none (before or after a custom range). */
export function periodAt(period: BudgetPeriod, timeZone: string, at: number): PeriodWindow | null {
  const local = localParts(at, timeZone);
  const day = (year: number, month: number, dayOfMonth: number) => startOfLocalDay({ year, month, day: dayOfMonth }, timeZone);
  switch (period.kind) {
    case "daily":
      return { start: day(local.year, local.month, local.day), end: day(local.year, local.month, local.day + 1) };
    case "weekly": {
      const back = (isoWeekday(local) - period.weekStart + 7) % 7;
      return { start: day(local.year, local.month, local.day - back), end: day(local.year, local.month, local.day - back + 7) };
    }
    case "monthly": {
      const month = local.day >= period.startDay ? local.month : local.month - 1;
      return { start: day(local.year, month, period.startDay), end: day(local.year, month + 1, period.startDay) };
    }
    case "quarterly": {
      const intoYear = (local.month - period.startMonth + 12) % 12;
      const month = local.month - (intoYear % 3);
      return { start: day(local.year, month, 1), end: day(local.year, month + 3, 1) };
    }
    case "yearly": {
      const year = local.month >= period.startMonth ? local.year : local.year - 1;
      return { start: day(year, period.startMonth, 1), end: day(year + 1, period.startMonth, 1) };
    }
    case "custom":
    case "lifetime": {
      const window = oneOffWindow(period, timeZone);
      return (window.start === null || at >= window.start) && (window.end === null || at < window.end) ? window : null;
    }
  }
}

/** The one window of a custom or lifetime period. */
function oneOffWindow(period: Extract<BudgetPeriod, { kind: "custom" | "lifetime" }>, timeZone: string): PeriodWindow {
  if (period.kind === "lifetime") {
    return { start: period.startDate ? startOfLocalDay(parseLocalDate(period.startDate), timeZone) : null, end: null };
  }
  const last = parseLocalDate(period.endDate);
  return {
    start: startOfLocalDay(parseLocalDate(period.startDate), timeZone),
    end: startOfLocalDay({ ...last, day: last.day + 1 }, timeZone),
  };
}

/** Whether the period repeats (has a previous and a next window). */
export function isRecurring(period: BudgetPeriod): boolean {
  return period.kind !== "custom" && period.kind !== "lifetime";
}

/** The window before a recurring one (for history and rollover); null for one-off periods. */
export function previousPeriod(period: BudgetPeriod, timeZone: string, window: PeriodWindow): PeriodWindow | null {
  if (!isRecurring(period) || window.start === null) return null;
  return periodAt(period, timeZone, window.start - 1);
}

/** The window after a recurring one; null for one-off periods. */
export function nextPeriod(period: BudgetPeriod, timeZone: string, window: PeriodWindow): PeriodWindow | null {
  if (!isRecurring(period) || window.end === null) return null;
  return periodAt(period, timeZone, window.end);
}

/** Period starts followed by the last period's end, covering [from, to]: what a ledger rebuild buckets events by. */
export function periodBounds(period: BudgetPeriod, timeZone: string, from: number, to: number, maxPeriods = 10_000): (number | null)[] {
  if (period.kind === "custom" || period.kind === "lifetime") {
    const window = oneOffWindow(period, timeZone);
    return [window.start, window.end];
  }
  let window = periodAt(period, timeZone, from);
  if (!window) return [];
  const bounds: (number | null)[] = [window.start];
  while (window.end !== null && window.end <= to && bounds.length < maxPeriods) {
    const next = nextPeriod(period, timeZone, window);
    if (!next) break;
    window = next;
    bounds.push(window.start);
  }
  bounds.push(window.end);
  return bounds;
}
