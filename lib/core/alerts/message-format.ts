/**
 * How alert messages write amounts, percents, windows and dates, in one way for email, SMS and
 * webhooks. Amounts arrive as exact decimal strings: they are rounded with lib/core/money.ts and
 * Intl formats the rounded string itself, so no float ever holds an amount.
 */
import { formatDecimal, isZero, parseDecimal, round } from "../money.ts";
import { singleLine } from "../notifications/escape-html.ts";

/** A name people typed (budget, service, org), on one line and cut to `max` characters ("…" marks the cut). */
export function clipName(value: string, max: number): string {
  const line = singleLine(value);
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, Math.max(1, max - 1)).join("").trimEnd()}…`;
}

type MoneyFormats = { usual: Intl.NumberFormat; tiny: Intl.NumberFormat; code: Intl.NumberFormat; digits: number };
const moneyFormats = new Map<string, MoneyFormats>();

function moneyFormat(currency: string): MoneyFormats {
  let formats = moneyFormats.get(currency);
  if (!formats) {
    // Throws RangeError for a currency code that is not one: a wrong amount is worse than no message.
    const usual = new Intl.NumberFormat("en-US", { style: "currency", currency });
    formats = {
      usual,
      tiny: new Intl.NumberFormat("en-US", { style: "currency", currency, maximumSignificantDigits: 2 }),
      code: new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "code" }),
      digits: usual.resolvedOptions().maximumFractionDigits ?? 2,
    };
    moneyFormats.set(currency, formats);
  }
  return formats;
}

/**
 * "$1,234.57" (half-up to the currency's minor unit, as on invoices). An amount below the minor
 * unit keeps two significant digits ("$0.0042") rather than reading as nothing, as in the app.
 * `display: "code"` writes "INR 1,234.57" for texts that cannot carry every currency symbol.
 */
export function formatAmount(value: string, currency: string, display: "symbol" | "code" = "symbol"): string {
  const formats = moneyFormat(currency);
  const exact = parseDecimal(value);
  const rounded = round(exact, formats.digits, "half-up");
  const format = isZero(rounded) && !isZero(exact) ? formats.tiny : display === "code" ? formats.code : formats.usual;
  return format.format(formatDecimal(isZero(rounded) ? exact : rounded) as Intl.StringNumericLiteral).replace(/\u00a0/g, " ");
}

/** "the last hour" → "The last hour". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const percentFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const scoreFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** 81.24 → "81.2%". */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`;
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A robust score: 7.25 → "7.3". */
export function formatScore(value: number): string {
  return scoreFormat.format(value);
}

/** 60 → "the last hour", 15 → "the last 15 minutes", 120 → "the last 2 hours", 1440 → "the last day". */
export function formatWindow(minutes: number): string {
  const [count, unit] = minutes % 1440 === 0 ? [minutes / 1440, "day"] : minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return count === 1 ? `the last ${unit}` : `the last ${countFormat.format(count)} ${unit}s`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    cache.set(timeZone, format);
  }
  return format;
}

/** "20 March 2026" in the reader's zone; assembled from parts because ICU versions differ in commas. */
export function formatDay(value: Date, timeZone = "UTC"): string {
  const parts = partsOf(cached(dayFormats, timeZone, { day: "numeric", month: "long", year: "numeric" }), value);
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** "14:05 UTC": a time of day, for codes that expire within the hour. */
export function formatTimeOfDay(value: Date, timeZone = "UTC"): string {
  const parts = partsOf(cached(timeFormats, timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }), value);
  return `${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

function partsOf(format: Intl.DateTimeFormat, value: Date): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(value)) parts[part.type] = part.value;
  return parts;
}
