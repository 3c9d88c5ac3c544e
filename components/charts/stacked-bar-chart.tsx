"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";

/** One stacked band. `key` must be a plain identifier (Recharts reads dots in keys as paths). */
export type ChartSeries = { key: string; label: string; color: string };

/**
 * One bar: `values` are what is drawn (numbers — only ever for drawing), `texts` and `total`
 * what people read (already formatted from exact values by the caller).
 */
export type StackedChartRow = { label: string; values: Record<string, number>; texts: Record<string, string>; total: string };

type StackedBarChartProps = {
  title: string;
  rows: StackedChartRow[];
  series: ChartSeries[];
  formatAxis: (value: number) => string;
  height?: number;
  /** Off when the page lists the bands with their colours itself (the list is then the legend). */
  legend?: boolean;
};

/** Stacked bars over time with an HTML legend (wraps on phones) and a tooltip listing each band. */
export function StackedBarChart({ title, rows, series, formatAxis, height = 288, legend = true }: StackedBarChartProps) {
  const data = rows.map((row, index) => ({ index, label: row.label, ...row.values }));
  return (
    <figure className="grid gap-3" aria-label={title} data-testid="spend-chart">
      <div style={{ height }} className="w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="12%">
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="label"
              tickLine={false}
              axisLine={{ stroke: "var(--border)" }}
              tick={{ fontSize: 12, fill: "var(--muted-foreground)" }}
              minTickGap={20}
            />
            <YAxis
              tickFormatter={formatAxis}
              width={60}
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 12, fill: "var(--muted-foreground)" }}
            />
            <Tooltip
              cursor={{ fill: "var(--muted)", opacity: 0.6 }}
              content={(props: TooltipContentProps) => <ChartTooltip {...props} rows={rows} series={series} />}
            />
            {series.map((band) => (
              <Bar key={band.key} dataKey={band.key} name={band.label} stackId="stack" fill={band.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <span className="sr-only">{title}. The table below lists the same figures.</span>
        <ul className={legend ? "flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-muted-foreground" : "sr-only"} aria-label="Legend">
          {series.map((band) => (
            <li key={band.key} className="flex max-w-56 min-w-0 items-center gap-1.5">
              <span className="size-2.5 shrink-0 rounded-sm" style={{ background: band.color }} aria-hidden />
              <span className="truncate" title={band.label}>
                {band.label}
              </span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function ChartTooltip({ active, payload, rows, series }: TooltipContentProps & { rows: StackedChartRow[]; series: ChartSeries[] }) {
  const index = payload?.[0]?.payload?.index;
  const row = typeof index === "number" ? rows[index] : undefined;
  if (!active || !row) return null;
  const bands = series.filter((band) => row.texts[band.key] !== undefined).reverse();
  return (
    <div className="grid min-w-44 gap-1.5 rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="font-medium">{row.label}</p>
      {bands.map((band) => (
        <p key={band.key} className="flex items-center justify-between gap-4">
          <span className="flex min-w-0 items-center gap-1.5">
            <span className="size-2 shrink-0 rounded-sm" style={{ background: band.color }} aria-hidden />
            <span className="max-w-40 truncate">{band.label}</span>
          </span>
          <span className="font-mono tabular-nums">{row.texts[band.key]}</span>
        </p>
      ))}
      <p className="flex justify-between gap-4 border-t pt-1.5 font-medium">
        <span>Total</span>
        <span className="font-mono tabular-nums">{row.total}</span>
      </p>
    </div>
  );
}
