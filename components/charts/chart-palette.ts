/**
 * Series colours for charts: distinct hues of similar lightness that read on light and dark
 * backgrounds, in a fixed order so a group keeps its colour between the chart and its table.
 * Red is left out (it means errors elsewhere); the last, grey, is for "Other".
 */
export const CHART_COLORS = [
  "oklch(0.62 0.13 163)",
  "oklch(0.6 0.15 255)",
  "oklch(0.75 0.15 80)",
  "oklch(0.6 0.18 320)",
  "oklch(0.68 0.11 210)",
  "oklch(0.55 0.16 285)",
  "oklch(0.72 0.15 130)",
  "oklch(0.68 0.15 50)",
] as const;

export const OTHER_COLOR = "oklch(0.7 0.01 260)";

export function chartColor(index: number): string {
  return CHART_COLORS[index % CHART_COLORS.length];
}
