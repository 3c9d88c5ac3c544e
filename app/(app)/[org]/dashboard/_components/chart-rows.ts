/**
 * The spend card's answer as chart bars: one bar per bucket of the range (empty ones too), one
 * band per listed service in the services' order (so colours match the list below the chart),
 * the rest as "Other". Amounts become numbers only here, for drawing; tooltips show the exact
 * strings formatted.
 */
import { chartColor, OTHER_COLOR } from "@/components/charts/chart-palette";
import type { ChartSeries, StackedChartRow } from "@/components/charts/stacked-bar-chart";
import { sumDecimalStrings } from "@/lib/core/money";
import { formatMoney } from "@/lib/format-money";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import { formatBucket } from "@/components/spend/format";

export function spendChart(spend: DashboardSpend): { series: ChartSeries[]; rows: StackedChartRow[] } {
  const keyOf = new Map(spend.services.rows.map((row, index) => [row.service, `s${index}`]));
  const series: ChartSeries[] = spend.services.rows.map((row, index) => ({ key: `s${index}`, label: row.service, color: chartColor(index) }));
  const cellsByBucket = new Map<string, DashboardSpend["series"]>();
  for (const cell of spend.series) cellsByBucket.set(cell.bucket_start, [...(cellsByBucket.get(cell.bucket_start) ?? []), cell]);
  if (spend.series.some((cell) => cell.service === null || !keyOf.has(cell.service))) series.push({ key: "other", label: "Other", color: OTHER_COLOR });

  const rows = spend.buckets.map((bucket) => {
    const cells = cellsByBucket.get(bucket) ?? [];
    const costs = new Map<string, string[]>();
    for (const cell of cells) {
      const key = (cell.service !== null && keyOf.get(cell.service)) || "other";
      costs.set(key, [...(costs.get(key) ?? []), cell.cost]);
    }
    const values: Record<string, number> = {};
    const texts: Record<string, string> = {};
    for (const [key, parts] of costs) {
      const cost = sumDecimalStrings(parts);
      values[key] = Number(cost);
      texts[key] = formatMoney(cost, spend.currency);
    }
    const total = sumDecimalStrings(cells.map((cell) => cell.cost));
    return { label: formatBucket(bucket, spend.granularity), values, texts, total: formatMoney(total, spend.currency) };
  });
  return { series, rows };
}
