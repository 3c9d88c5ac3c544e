/**
 * The burn-down chart's rows, built on the server from exact figures: cumulative spend so far,
 * the ideal line (the effective amount spread evenly over the period, in time — so a 23- or
 * 25-hour day counts for what it is), and the forecast's median with its 80% and 95% bands from
 * now to the period end. Amounts become numbers here, for drawing only; what people read
 * (`texts`) is formatted from the exact strings. A lifetime budget has no end, so no ideal line.
 */
import type { BudgetStatus } from "@/lib/core/budgets/status";
import { addDays, localDate, localTimeToUtc } from "@/lib/core/time/local-date";
import { formatMoney } from "@/lib/format-money";
import type { BurnDown } from "@/lib/services/budgets/read-burn-down";

export type BurnDownRow = {
  t: number;
  /** What the tooltip heads the row with ("Nov 5", "Now"). */
  label: string;
  actual?: number;
  ideal?: number;
  p50?: number;
  band80?: [number, number];
  band95?: [number, number];
  /** Exactly formatted figures for the tooltip, by series. */
  texts: Partial<Record<"actual" | "ideal" | "p50" | "band80" | "band95", string>>;
};

export type BurnDownSeries = {
  rows: BurnDownRow[];
  domain: [number, number];
  ticks: number[];
  tickUnit: "hour" | "day" | "month";
  amount: number;
  /** The ideal amount by now (approximate), for "ahead of / behind the ideal pace"; null without an ideal line. */
  idealNow: number | null;
  hasForecast: boolean;
  /** The period is over: the line is what was spent, not spent so far. */
  finished: boolean;
};

const DAY_MS = 86_400_000;
const MAX_TICKS = 8;

type Forecast = NonNullable<BudgetStatus["forecast"]>;

const labelFormats = new Map<string, Intl.DateTimeFormat>();

/** "Nov 5", or "Nov 5, 14:02" with the time, in the budget's zone (a year of rows reuses one format). */
function dateLabel(ms: number, timeZone: string, withTime: boolean): string {
  const key = `${timeZone}|${withTime}`;
  let format = labelFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, month: "short", day: "numeric", ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}) });
    labelFormats.set(key, format);
  }
  return format.format(ms);
}

/** 6-hour marks (a period of a day or two), local midnights (up to two months) or month starts, at most MAX_TICKS of them. */
function ticksFor(start: number, end: number, timeZone: string): { ticks: number[]; tickUnit: BurnDownSeries["tickUnit"] } {
  const within = (ms: number) => ms >= start && ms <= end;
  const spanDays = (end - start) / DAY_MS;
  const first = localDate(start, timeZone);
  if (spanDays <= 2) {
    const ticks: number[] = [];
    for (let day = first; localTimeToUtc(day, 0, timeZone) <= end; day = addDays(day, 1)) {
      for (const hour of [0, 6, 12, 18]) ticks.push(localTimeToUtc(day, hour * 3600, timeZone));
    }
    return { ticks: ticks.filter(within), tickUnit: "hour" };
  }
  const step = [1, 2, 3, 7].find((days) => spanDays / days <= MAX_TICKS);
  if (step && spanDays <= 62) {
    const ticks: number[] = [];
    for (let day = first; localTimeToUtc(day, 0, timeZone) <= end; day = addDays(day, step)) ticks.push(localTimeToUtc(day, 0, timeZone));
    return { ticks: ticks.filter(within), tickUnit: "day" };
  }
  const months = [1, 2, 3, 6, 12].find((count) => spanDays / (30 * count) <= MAX_TICKS) ?? 12;
  const ticks: number[] = [];
  const [year, month] = first.split("-").map(Number);
  for (let index = 0; ; index += months) {
    const at = localTimeToUtc(new Date(Date.UTC(year, month - 1 + index, 1)).toISOString().slice(0, 10), 0, timeZone);
    if (at > end) break;
    ticks.push(at);
  }
  return { ticks: ticks.filter(within), tickUnit: "month" };
}

export function burnDownSeries(input: { burnDown: BurnDown; periodStart: string | null; effectiveAmount: string; forecast: Forecast | null; currency: string; timeZone: string }): BurnDownSeries {
  const { burnDown, forecast, currency, timeZone } = input;
  const money = (value: number) => formatMoney(value.toFixed(2), currency);
  const amount = Number(input.effectiveAmount);
  const start = Date.parse(burnDown.start);
  const asOf = Date.parse(burnDown.as_of);
  const end = burnDown.end === null ? null : Date.parse(burnDown.end);
  const periodStart = input.periodStart === null ? start : Date.parse(input.periodStart);
  const idealAt = (t: number) => (end === null ? undefined : (amount * (t - periodStart)) / (end - periodStart));

  const rows = new Map<number, BurnDownRow>();
  const row = (t: number, label: string) => {
    const found = rows.get(t) ?? { t, label, texts: {} };
    rows.set(t, found);
    return found;
  };
  const last = burnDown.actual.length - 1;
  burnDown.actual.forEach((point, index) => {
    const t = Date.parse(point.at);
    const label = index === 0 ? `Start, ${dateLabel(t, timeZone, false)}` : index === last && t === asOf && asOf !== end ? `Now, ${dateLabel(t, timeZone, true)}` : dateLabel(t - 1, timeZone, false);
    const entry = row(t, label);
    entry.actual = Number(point.spent);
    entry.texts.actual = formatMoney(point.spent, currency);
  });
  if (forecast) {
    // The forecast starts where spend stands now, so its band opens from the actual line.
    const now = row(asOf, "Now");
    const spent = now.actual ?? 0;
    Object.assign(now, { p50: spent, band80: [spent, spent], band95: [spent, spent] });
    for (const day of forecast.cumulative) {
      const t = Math.min(localTimeToUtc(addDays(day.date, 1), 0, timeZone), end ?? Infinity);
      const entry = row(t, `${dateLabel(t - 1, timeZone, false)} (forecast)`);
      Object.assign(entry, { p50: day.p50, band80: [day.p10, day.p90], band95: [day.p2_5, day.p97_5] });
      entry.texts.p50 = `≈ ${money(day.p50)}`;
      entry.texts.band80 = `${money(day.p10)} – ${money(day.p90)}`;
      entry.texts.band95 = `${money(day.p2_5)} – ${money(day.p97_5)}`;
    }
  }
  if (end !== null) row(end, `Period end, ${dateLabel(end - 1, timeZone, false)}`);
  const sorted = [...rows.values()].sort((a, b) => a.t - b.t);
  for (const entry of sorted) {
    const ideal = idealAt(entry.t);
    if (ideal === undefined) continue;
    entry.ideal = ideal;
    entry.texts.ideal = money(ideal);
  }
  const domainEnd = end ?? asOf;
  return {
    rows: sorted,
    domain: [start, domainEnd],
    ...ticksFor(start, domainEnd, timeZone),
    amount,
    idealNow: idealAt(asOf) ?? null,
    hasForecast: forecast !== null && forecast.cumulative.length > 0,
    finished: asOf === end,
  };
}
