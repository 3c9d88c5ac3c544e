/**
 * Calendar dates ("2026-11-22") as people in a time zone live them: which date an instant falls on
 * there, date arithmetic, weekdays, and a wall-clock time on a date as an instant (lib/core/time/
 * zoned.ts resolves skipped and repeated times).
 */
import { localParts, zonedToUtc } from "./zoned.ts";

function dateParts(date: string): [number, number, number] {
  const [year, month, day] = date.split("-").map(Number);
  return [year, month, day];
}

/** The calendar date instant `ms` falls on in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  const { year, month, day } = localParts(ms, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [year, month, day] = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The instant clocks in `timeZone` show `date` at `secondOfDay` seconds after midnight. */
export function localTimeToUtc(date: string, secondOfDay: number, timeZone: string): number {
  const [year, month, day] = dateParts(date);
  return zonedToUtc({ year, month, day, second: secondOfDay }, timeZone);
}
