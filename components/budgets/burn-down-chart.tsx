"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { CHART_COLORS } from "@/components/charts/chart-palette";
import { formatMoneyAxis } from "@/lib/format-money";
import type { BurnDownRow, BurnDownSeries } from "./burn-down-series";

/** Spend is the brand colour; the forecast a distinct blue, so an estimate never reads as money already spent. */
const COLORS = { actual: "var(--primary)", ideal: "var(--muted-foreground)", forecast: CHART_COLORS[1], budget: "var(--destructive)" };

type SeriesKey = keyof BurnDownRow["texts"];
type LegendItem = { key: SeriesKey | "budget"; label: string; swatch: "line" | "dashed" | "band"; color: string; opacity?: number };

const LEGEND: LegendItem[] = [
  { key: "actual", label: "Spent so far", swatch: "line", color: COLORS.actual },
  { key: "ideal", label: "Ideal pace", swatch: "dashed", color: COLORS.ideal },
  { key: "p50", label: "Forecast (median)", swatch: "dashed", color: COLORS.forecast },
  { key: "band80", label: "80% range", swatch: "band", color: COLORS.forecast, opacity: 0.35 },
  { key: "band95", label: "95% range", swatch: "band", color: COLORS.forecast, opacity: 0.18 },
  { key: "budget", label: "Budget", swatch: "dashed", color: COLORS.budget },
];

type BurnDownChartProps = {
  series: BurnDownSeries;
  currency: string;
  timeZone: string;
  /** The chart in a sentence or two, for screen readers (the figures around it say the rest). */
  summary: string;
};

/** "06:00", "Nov 8", or "Nov" — with the year on January's (and the first) month tick. */
function tickFormatter(unit: BurnDownSeries["tickUnit"], timeZone: string, first: number) {
  if (unit === "month") {
    const month = new Intl.DateTimeFormat("en-US", { timeZone, month: "short" });
    const withYear = new Intl.DateTimeFormat("en-US", { timeZone, month: "short", year: "numeric" });
    return (value: number) => (value === first || month.format(value) === "Jan" ? withYear : month).format(value);
  }
  const format = new Intl.DateTimeFormat("en-US", unit === "hour" ? { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone, month: "short", day: "numeric" });
  return (value: number) => format.format(value);
}

/** Cumulative spend against the ideal line, with the forecast's median and bands to the period end, and the amount as a line. */
export function BurnDownChart({ series, currency, timeZone, summary }: BurnDownChartProps) {
  const axisMoney = (value: number) => formatMoneyAxis(value, currency);
  const hasIdeal = series.rows.some((row) => row.ideal !== undefined);
  const legend = LEGEND.filter((item) => (item.key === "ideal" ? hasIdeal : ["p50", "band80", "band95"].includes(item.key) ? series.hasForecast : true)).map((item) =>
    item.key === "actual" && series.finished ? { ...item, label: "Spent" } : item,
  );
  const axisTick = { fontSize: 12, fill: "var(--muted-foreground)" };
  return (
    <figure className="grid gap-3" aria-label="Burn-down: cumulative spend against the ideal pace and the forecast" data-testid="burn-down-chart">
      <div className="h-64 w-full min-w-0 sm:h-72">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={series.rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={series.domain}
              ticks={series.ticks}
              tickFormatter={tickFormatter(series.tickUnit, timeZone, series.ticks[0])}
              tickLine={false}
              axisLine={{ stroke: "var(--border)" }}
              tick={axisTick}
              minTickGap={16}
            />
            <YAxis
              tickFormatter={axisMoney}
              width={60}
              tickLine={false}
              axisLine={false}
              tick={axisTick}
              domain={[0, "auto"]}
            />
            <Tooltip content={(props: TooltipContentProps) => <BurnDownTooltip {...props} legend={legend} />} cursor={{ stroke: "var(--border)" }} />
            <Area dataKey="band95" stroke="none" fill={COLORS.forecast} fillOpacity={0.18} connectNulls isAnimationActive={false} />
            <Area dataKey="band80" stroke="none" fill={COLORS.forecast} fillOpacity={0.3} connectNulls isAnimationActive={false} />
            <Line dataKey="ideal" stroke={COLORS.ideal} strokeWidth={1.5} strokeDasharray="2 4" dot={false} connectNulls isAnimationActive={false} />
            <Line dataKey="p50" stroke={COLORS.forecast} strokeWidth={2} strokeDasharray="6 4" dot={false} connectNulls isAnimationActive={false} />
            <Line dataKey="actual" stroke={COLORS.actual} strokeWidth={2.5} dot={false} connectNulls isAnimationActive={false} />
            <ReferenceLine y={series.amount} stroke={COLORS.budget} strokeDasharray="4 4" ifOverflow="extendDomain" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="grid gap-1">
        <span className="sr-only">{summary}</span>
        <ul className="flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-muted-foreground" aria-label="Legend" data-testid="burn-down-legend">
          {legend.map((item) => (
            <li key={item.key} className="flex items-center gap-1.5">
              <Swatch item={item} />
              {item.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function Swatch({ item }: { item: LegendItem }) {
  if (item.swatch === "band") return <span className="h-2.5 w-4 shrink-0 rounded-sm" style={{ background: item.color, opacity: item.opacity }} aria-hidden />;
  return (
    <span
      className="w-4 shrink-0"
      style={{ borderTop: `${item.swatch === "line" ? 3 : 2}px ${item.swatch === "line" ? "solid" : "dashed"} ${item.color}` }}
      aria-hidden
    />
  );
}

function BurnDownTooltip({ active, payload, legend }: TooltipContentProps & { legend: LegendItem[] }) {
  const row = payload?.[0]?.payload as BurnDownRow | undefined;
  if (!active || !row) return null;
  const lines = legend.flatMap((item) => (item.key !== "budget" && row.texts[item.key] ? [{ item, text: row.texts[item.key] }] : []));
  return (
    <div className="grid min-w-48 gap-1.5 rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="font-medium">{row.label}</p>
      {lines.map(({ item, text }) => (
        <p key={item.key} className="flex items-center justify-between gap-4">
          <span className="flex items-center gap-1.5">
            <Swatch item={item} />
            {item.label}
          </span>
          <span className="font-mono tabular-nums">{text}</span>
        </p>
      ))}
    </div>
  );
}
