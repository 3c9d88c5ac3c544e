/** How the monthly report writes changes, groups, days and periods (money itself: lib/format-money.ts). */
import { describePeriod } from "@/components/budgets/describe";
import type { BudgetPeriod } from "@/lib/core/budgets/periods";
import { formatMoney } from "@/lib/format-money";
import type { ReportGroup } from "@/lib/services/reports/get-monthly-report";

export const NOT_SET = "(not set)";

/** "+$50.00" / "−$40.00" / "$0.00" from an exact signed decimal string (the sign written apart, so tiny amounts keep their digits). */
export function formatSignedMoney(change: string, currency: string): string {
  const negative = change.startsWith("-");
  const amount = formatMoney(negative ? change.slice(1) : change, currency);
  if (Number(change) === 0) return amount;
  return `${negative ? "−" : "+"}${amount}`;
}

/** "+12.5%" / "−50%" / "new" (nothing the month before) / "+<0.1%" (a change too small to show in tenths). */
export function formatPercentChange(percent: number | null, change: string): string {
  if (percent === null) return "new";
  const sign = change.startsWith("-") ? "−" : Number(change) === 0 ? "" : "+";
  if (percent === 0 && sign !== "") return `${sign}<0.1%`;
  return `${sign}${Math.abs(percent).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
}

/** A group's name: "openai · gpt-4o" for a model, the team or project otherwise; "(not set)" where the events carried none. */
export function groupLabel(group: ReportGroup): string {
  return Object.values(group).map((value) => value ?? NOT_SET).join(" · ");
}

const shortMonths = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "numeric" });

/** "2026-02" → "Feb 2026", for column headings. */
export function shortMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return shortMonths.format(Date.UTC(year, number - 1, 1));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "1 Mar 2026": the local date of an instant in `timeZone`. */
export function formatLocalDay(iso: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** [start, end) as the local days it covers ("1 Mar – 31 Mar 2026"); open ends in words. */
export function formatDays(start: string | null, end: string | null, timeZone: string): string {
  const from = start === null ? "Since the beginning" : formatLocalDay(start, timeZone);
  // The end is exclusive: the last day is the one just before it.
  const to = end === null ? "no end" : formatLocalDay(new Date(Date.parse(end) - 1).toISOString(), timeZone);
  return from === to ? from : `${from} – ${to}`;
}

/** "Monthly", "Daily · 31 periods" — the budget's period and how many of them overlap the month. */
export function describePeriods(period: BudgetPeriod, count: number): string {
  return count > 1 ? `${describePeriod(period)} · ${count} periods` : describePeriod(period);
}
