/**
 * The calendar month a monthly report covers ("2026-03"), cut in the organization's time zone:
 * [its first local midnight, the next month's first local midnight) as UTC instants, so a month
 * holding a daylight-saving change is an hour shorter or longer and every instant falls in
 * exactly one month. Months are named by their local calendar, never by UTC.
 */
import { localParts, zonedToUtc } from "../time/zoned.ts";

export type ReportMonthState = "complete" | "in_progress" | "future";

/** Reports start in 2000: earlier years are typos, and Date.UTC reads years below 100 as 19xx. */
const FIRST_YEAR = 2000;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-03" → { year: 2026, month: 3 }; null for anything else (including months before 2000). */
export function parseReportMonth(text: string): { year: number; month: number } | null {
  const match = MONTH_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  return year < FIRST_YEAR ? null : { year, month: Number(match[2]) };
}

function monthKey(year: number, month: number): string {
  // Month may be out of 1–12 here: normalize through the calendar.
  const normalized = new Date(Date.UTC(year, month - 1, 1));
  return `${String(normalized.getUTCFullYear()).padStart(4, "0")}-${String(normalized.getUTCMonth() + 1).padStart(2, "0")}`;
}

function parsed(month: string): { year: number; month: number } {
  const parts = parseReportMonth(month);
  if (!parts) throw new RangeError(`not a report month: ${JSON.stringify(month)}`);
  return parts;
}

/** `month` moved by `count` months ("2026-01", -1 → "2025-12"). */
export function addMonths(month: string, count: number): string {
  const { year, month: number } = parsed(month);
  return monthKey(year, number + count);
}

/** The month `instant` falls in, on the clocks of `timeZone`. */
export function monthOf(instant: number, timeZone: string): string {
  const { year, month } = localParts(instant, timeZone);
  return monthKey(year, month);
}

/** [start, end) of the month in `timeZone`, in ms since epoch. */
export function monthBounds(month: string, timeZone: string): { start: number; end: number } {
  const { year, month: number } = parsed(month);
  return { start: zonedToUtc({ year, month: number, day: 1 }, timeZone), end: zonedToUtc({ year, month: number + 1, day: 1 }, timeZone) };
}

/** The newest month that has ended at `now` in `timeZone`: what the weekly digest links to. */
export function lastCompleteMonth(now: number, timeZone: string): string {
  return addMonths(monthOf(now, timeZone), -1);
}

export function reportMonthState(month: string, timeZone: string, now: number): ReportMonthState {
  const { start, end } = monthBounds(month, timeZone);
  if (now >= end) return "complete";
  return now >= start ? "in_progress" : "future";
}

const monthNames = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });

/** "2026-03" → "March 2026". */
export function formatReportMonth(month: string): string {
  const { year, month: number } = parsed(month);
  return monthNames.format(Date.UTC(year, number - 1, 1));
}
