"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoneyAxis } from "@/lib/format-money";

type Point = { date: string; p2_5: number; p10: number; p50: number; p90: number; p97_5: number };

/** Cumulative spend to the period end: the median line with the 80% and 95% bands, and the budget as a line. Approximate by nature. */
export function ForecastChart({ points, amount, currency }: { points: Point[]; amount: number; currency: string }) {
  const data = points.map((point) => ({ date: point.date.slice(5), band95: [point.p2_5, point.p97_5], band80: [point.p10, point.p90], p50: point.p50 }));
  const label = (value: number) => formatMoneyAxis(value, currency);
  return (
    <figure className="grid gap-2" aria-label="Forecast of cumulative spend to the period end" data-testid="forecast-chart">
      <div className="h-64 w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="date" tickLine={false} axisLine={{ stroke: "var(--border)" }} tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} minTickGap={24} />
            <YAxis tickFormatter={label} width={60} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} domain={[0, (max: number) => Math.max(max, amount) * 1.05]} />
            <Tooltip
              formatter={(value, name) => {
                const text = Array.isArray(value) ? value.map((v) => label(Number(v))).join(" – ") : label(Number(value));
                return [text, name === "p50" ? "Median" : name === "band80" ? "80% interval" : "95% interval"];
              }}
              contentStyle={{ borderRadius: 8, borderColor: "var(--border)", background: "var(--card)", fontSize: 12 }}
            />
            <Area dataKey="band95" stroke="none" fill="var(--primary)" fillOpacity={0.12} isAnimationActive={false} />
            <Area dataKey="band80" stroke="none" fill="var(--primary)" fillOpacity={0.25} isAnimationActive={false} />
            <Line dataKey="p50" stroke="var(--primary)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <ReferenceLine y={amount} stroke="var(--destructive)" strokeDasharray="4 4" label={{ value: "Budget", position: "insideTopLeft", fontSize: 12, fill: "var(--destructive)" }} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">
        Estimated cumulative spend: median line, darker band 80% and lighter band 95% of outcomes. The dashed line is the amount.
      </figcaption>
    </figure>
  );
}
