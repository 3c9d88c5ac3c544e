/**
 * Dates in messages, written out in full in the reader's time zone: "Tuesday 10 March 2026 at
 * 14:05 UTC". Assembled from parts rather than taken whole from Intl, because ICU versions (Node,
 * Deno) differ in commas, connectors and the narrow spaces they put between them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // Throws RangeError for a zone that does not exist: a wrong date is worse than no email.
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function formatDateTime(value: Date, timeZone = "UTC"): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(timeZone).formatToParts(value)) parts[part.type] = part.value;
  const { weekday, day, month, year, hour, minute, timeZoneName } = parts;
  return `${weekday} ${day} ${month} ${year} at ${hour}:${minute} ${timeZoneName}`;
}
