/**
 * The dashboard's query as it lives in the page URL (`?range=30d&granularity=day`) and reaches
 * the routes under app/(app)/[org]/dashboard/data, and the sizes of its lists. Shared with the
 * browser (no server-only), like explore-schemas.ts, so the page and the services agree.
 *
 * A range allows only the granularities that make a readable chart of it (hours over a week at
 * most a month, months only over 90 days); a combination from a hand-edited URL falls back to the
 * range's default instead of failing the page.
 */
import { z } from "zod";
import type { SpendGranularity } from "@/lib/services/usage/spend-schemas";

export const DASHBOARD_RANGES = ["24h", "7d", "30d", "90d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];
export const DASHBOARD_DEFAULT_RANGE: DashboardRange = "30d";

/** The granularities each range offers, its default first. */
export const RANGE_GRANULARITIES: Record<DashboardRange, readonly SpendGranularity[]> = {
  "24h": ["hour"],
  "7d": ["day", "hour"],
  "30d": ["day", "hour"],
  "90d": ["day", "month"],
};

/** Services drawn separately in the chart; the rest is one "Other" band. */
export const DASHBOARD_CHART_SERVICES = 8;
/** Rows of each top list (models, teams, projects, end users). */
export const DASHBOARD_TOP_ROWS = 5;
/** Events in the live feed. */
export const DASHBOARD_FEED_SIZE = 12;
/** Open alerts listed (the count covers them all). */
export const DASHBOARD_ALERTS_SHOWN = 4;
/** Budget cards shown (worst status first); the budgets page lists them all. */
export const DASHBOARD_BUDGETS_SHOWN = 6;

/** "" (an empty URL parameter) is "not set". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const DashboardQuery = z
  .object({
    range: optional(z.enum(DASHBOARD_RANGES, "Choose a date range.")),
    granularity: optional(z.enum(["hour", "day", "month"], "Choose hour, day or month.")),
  })
  .transform(({ range = DASHBOARD_DEFAULT_RANGE, granularity }) => ({
    range,
    granularity: granularity && RANGE_GRANULARITIES[range].includes(granularity) ? granularity : RANGE_GRANULARITIES[range][0],
  }));
export type DashboardQueryInput = z.input<typeof DashboardQuery>;
export type DashboardQueryValues = z.output<typeof DashboardQuery>;

/** The query's URL form, in a stable order (so equal states give equal query keys). */
export function dashboardSearch(query: DashboardQueryValues): string {
  return new URLSearchParams({ range: query.range, granularity: query.granularity }).toString();
}
