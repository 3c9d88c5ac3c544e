/**
 * The Explore page's query, as it lives in the page URL (shareable) and reaches the route
 * handlers under app/(app)/[org]/explore: strings, empty meaning "not set". Shared with the
 * browser (no server-only), like spend-schemas.ts, so the page and the services agree on names.
 */
import { z } from "zod";
import { SPEND_DIMENSIONS, SPEND_GRANULARITIES } from "./spend-schemas";

export const EXPLORE_RANGES = ["24h", "7d", "30d", "90d", "month", "last_month", "custom"] as const;
export type ExploreRange = (typeof EXPLORE_RANGES)[number];
export const EXPLORE_DEFAULT_RANGE: ExploreRange = "30d";

export const PRICING_STATUSES = ["priced", "provided", "unpriced"] as const;
export type PricingStatus = (typeof PRICING_STATUSES)[number];
export const EVENT_STATUSES = ["ok", "error"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Groups drawn separately in the chart; the rest is one "Other" band. */
export const EXPLORE_CHART_GROUPS = 8;
/** Rows of the group table (most cost first); more is flagged as truncated. */
export const EXPLORE_GROUP_ROWS = 500;
export const EXPLORE_EVENTS_PAGE_SIZE = 50;

/** "" (an empty form field or URL parameter) is "not set". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const value = optional(z.string().max(200, "At most 200 characters."));

export const ExploreQuery = z.object({
  range: optional(z.enum(EXPLORE_RANGES, "Choose a date range.")),
  /** Custom range: calendar days in the organization's time zone, both inclusive. */
  from: optional(z.iso.date("Enter a date.")),
  to: optional(z.iso.date("Enter a date.")),
  granularity: optional(z.enum(SPEND_GRANULARITIES, "Choose hour, day or month.")),
  group_by: optional(z.enum(SPEND_DIMENSIONS, "Choose a dimension to group by.")),
  service: value,
  model: value,
  team: value,
  project: value,
  environment: value,
  end_user: value,
  feature: value,
});
export type ExploreQueryInput = z.input<typeof ExploreQuery>;
export type ExploreQueryValues = z.output<typeof ExploreQuery>;

/** The event list: the same filters, plus pricing status, status and the keyset cursor. */
export const ExploreEventsQuery = ExploreQuery.extend({
  pricing: optional(z.enum(PRICING_STATUSES, "Choose priced, provided or unpriced.")),
  status: optional(z.enum(EVENT_STATUSES, "Choose ok or error.")),
  cursor: optional(z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "Invalid page cursor.")),
});
export type ExploreEventsQueryValues = z.output<typeof ExploreEventsQuery>;

export const EXPORT_KINDS = ["groups", "series"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const ExploreExportQuery = ExploreQuery.extend({ kind: z.enum(EXPORT_KINDS, "Choose groups or series.") });
export type ExploreExportQueryValues = z.output<typeof ExploreExportQuery>;
