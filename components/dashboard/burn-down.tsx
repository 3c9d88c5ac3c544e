"use client";

import { Area, ComposedChart, Line, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";

const DAY_MS = 86_400_000;

type BurnDownProps = {
  /** The current period [start, end), ISO. */
  periodStart: string;
  periodEnd: string;
  spent: string;
  amount: string;
  /** Cumulative forecast per local day to the period end (approximate). */
  forecast: { date: string; p10: number; p50: number; p90: number }[];
  /** When `spent` was read (ms). */
  now: number;
  /** Read in words by screen readers; the card's text says the numbers. */
  label: string;
};

/**
 * A budget's period at a glance: spent so far (a straight line from the period start — the card
 * has no daily history), the ideal line from 0 to the amount, and the forecast to the period end
 * with its 80% band. Drawing only: amounts become numbers here and nowhere else.
 */
export function BurnDown({ periodStart, periodEnd, spent, amount, forecast, now: readAt, label }: BurnDownProps) {
  const start = Date.parse(periodStart);
  const end = Date.parse(periodEnd);
  const now = Math.min(Math.max(readAt, start), end);
  const spentNow = Number(spent);
  const limit = Number(amount);
  const data = [
    { t: start, actual: 0, ideal: 0 },
    { t: now, actual: spentNow, p50: spentNow, band: [spentNow, spentNow] },
    // A forecast day's cumulative value holds at its end (dates are local days; close enough for a sparkline).
    ...forecast.map((point) => ({ t: Math.min(end, Date.parse(`${point.date}T00:00:00Z`) + DAY_MS), p50: point.p50, band: [point.p10, point.p90] })).filter((point) => point.t > now),
    { t: end, ideal: limit },
  ];
  const top = Math.max(limit, spentNow, ...forecast.map((point) => point.p90)) * 1.08;
  return (
    <figure className="h-16 w-full min-w-0" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
          <XAxis dataKey="t" type="number" domain={[start, end]} hide />
          <YAxis domain={[0, top]} hide />
          <Area dataKey="band" stroke="none" fill="var(--primary)" fillOpacity={0.18} isAnimationActive={false} connectNulls />
          <Line dataKey="ideal" stroke="var(--muted-foreground)" strokeDasharray="3 3" strokeWidth={1} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="p50" stroke="var(--primary)" strokeDasharray="4 3" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="actual" stroke="var(--primary)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          <ReferenceLine y={limit} stroke="var(--destructive)" strokeDasharray="4 4" strokeWidth={1} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
