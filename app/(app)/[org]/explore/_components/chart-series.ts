/**
 * The summary's series as chart bars: one bar per bucket of the range (empty ones too), one band
 * per top group in the group table's order (so colours match), the rest as "Other". Amounts
 * become numbers only here, for drawing; tooltips show the exact strings formatted.
 */
import { chartColor, OTHER_COLOR } from "@/components/charts/chart-palette";
import type { ChartSeries, StackedChartRow } from "@/components/charts/stacked-bar-chart";
import { sumDecimalStrings } from "@/lib/core/money";
import { EXPLORE_CHART_GROUPS } from "@/lib/services/usage/explore-schemas";
import type { ExploreSummary } from "@/lib/services/usage/explore-summary";
import { formatBucket } from "@/components/spend/format";
import { formatMoney } from "@/lib/format-money";

export const NOT_SET = "(not set)";

/** The colour of the i-th group of the table: the chart's band colour, or Other's. */
export function groupColor(index: number): string {
  return index < EXPLORE_CHART_GROUPS ? chartColor(index) : OTHER_COLOR;
}

export function chartSeries(summary: ExploreSummary): { series: ChartSeries[]; rows: StackedChartRow[] } {
  const top = summary.groupBy ? summary.groups.rows.slice(0, EXPLORE_CHART_GROUPS) : [];
  const keyOf = new Map<string | null, string>(top.map((group, index) => [group.value, `g${index}`]));
  const series: ChartSeries[] = summary.groupBy
    ? top.map((group, index) => ({ key: `g${index}`, label: group.value ?? NOT_SET, color: groupColor(index) }))
    : [{ key: "total", label: "Cost", color: chartColor(0) }];
  if (summary.series.some((row) => row.other)) series.push({ key: "other", label: "Other", color: OTHER_COLOR });

  const byBucket = new Map<string, ExploreSummary["series"]>();
  for (const row of summary.series) byBucket.set(row.bucket_start, [...(byBucket.get(row.bucket_start) ?? []), row]);
  const rows = summary.buckets.map((bucket) => {
    const cells = byBucket.get(bucket) ?? [];
    const values: Record<string, number> = {};
    const texts: Record<string, string> = {};
    for (const cell of cells) {
      const key = !summary.groupBy ? "total" : cell.other ? "other" : (keyOf.get(cell.value) ?? "other");
      values[key] = Number(cell.cost);
      texts[key] = formatMoney(cell.cost, summary.currency);
    }
    const total = sumDecimalStrings(cells.map((cell) => cell.cost));
    return { label: formatBucket(bucket, summary.granularity), values, texts, total: formatMoney(total, summary.currency) };
  });
  return { series, rows };
}
