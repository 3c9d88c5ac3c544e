/**
 * Wall-clock time in an IANA time zone, from the platform's Intl data alone (no Temporal yet on
 * Node 24): the local calendar fields of an instant, and the instant a local date-time names.
 *
 * A local time can be skipped (clocks jump forward: 02:30 on a spring-forward night, or even
 * midnight in zones that switch at 00:00) or repeated (fall back). `zonedToUtc` resolves like
 * RFC 5545 and Temporal's "compatible" mode: a skipped time moves forward by the gap, a repeated
 * time takes its first (earlier) occurrence. So "the start of a local day" is always the first
 * instant of that day.
 */

export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether the platform knows this IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar fields of `instant` (ms since epoch) in `timeZone`. */
export function localParts(instant: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal" && part.type !== "era") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Local fields → the same fields read as UTC, in ms (month may overflow: Date.UTC normalizes). */
export function wallClockMs(local: Partial<LocalDateTime> & Pick<LocalDateTime, "year" | "month" | "day">): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
}

/** The instant a local date-time names in `timeZone` (see the module comment for gaps and overlaps). */
export function zonedToUtc(local: Partial<LocalDateTime> & Pick<LocalDateTime, "year" | "month" | "day">, timeZone: string): number {
  const wall = wallClockMs(local);
  // Offsets a few hours either side cover every transition near this wall time.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const candidates = [...new Set([before, after, offsetAt(wall, timeZone)])]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockOf(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0];
  // Skipped: the wall time falls in a gap. Read with the offset in force before the jump, it
  // lands just as far past the jump as the wall time is past the skipped local time.
  return wall - before;
}

function wallClockOf(instant: number, timeZone: string): number {
  return wallClockMs(localParts(instant, timeZone));
}
