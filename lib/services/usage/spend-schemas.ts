/**
 * Query and response of GET /api/v1/spend; the route validates with these and the OpenAPI
 * document is generated from them. Query values arrive as strings (one per parameter).
 */
import { z } from "zod";

export const SPEND_DIMENSIONS = ["service", "model", "team", "project", "environment", "end_user", "feature"] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];
/** The dimensions the hourly rollups combine. The others (end_user, feature) have hourly totals of their own (facets) but no combinations. */
export const ROLLUP_DIMENSIONS = ["service", "model", "team", "project", "environment"] as const satisfies readonly SpendDimension[];
export const SPEND_GRANULARITIES = ["hour", "day", "month"] as const;
export type SpendGranularity = (typeof SPEND_GRANULARITIES)[number];

export const SPEND_DEFAULT_RANGE_DAYS = 30;
export const SPEND_MAX_RANGE_DAYS = 400;
/** More series rows than this is refused (400): ask for a coarser granularity, fewer group_by dimensions or filters. */
export const SPEND_MAX_ROWS = 10_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// Raw events are kept for the organization's retention (13 months by default); hourly totals for good.
const RAW_ONLY_NOTE =
  "Filtering by end_user or feature, or grouping by one of them together with another dimension, reads the raw " +
  "events instead of the hourly totals: slower, and only as far back as raw events are kept (13 months by default).";
const filter = (dimension: SpendDimension) =>
  z.string().min(1).max(200).optional().meta({
    description: `Only usage whose ${dimension} is exactly this.${isRollupDimension(dimension) ? "" : ` ${RAW_ONLY_NOTE}`}`,
  });

export function isRollupDimension(dimension: SpendDimension): boolean {
  return (ROLLUP_DIMENSIONS as readonly SpendDimension[]).includes(dimension);
}

/** The query parameters as sent (each documented as an OpenAPI parameter). */
export const SpendQueryParams = z.strictObject({
    from: z.iso.datetime({ offset: true }).optional().meta({
      description: `Start (inclusive), ISO 8601 with offset. Rounded down to the whole UTC hour (rollups are hourly). Default: \`to\` − ${SPEND_DEFAULT_RANGE_DAYS} days.`,
    }),
    to: z.iso.datetime({ offset: true }).optional().meta({
      description: "End (exclusive), ISO 8601 with offset. Rounded up to the whole UTC hour. Default: now (rounded up).",
    }),
    granularity: z.enum(SPEND_GRANULARITIES).default("day").meta({
      description:
        "Bucket size. `hour`: the UTC hour, shown in the organization's offset. `day` / `month`: calendar days / months " +
        "in the organization's time zone. Rollups are hourly in UTC, so day and month edges are exact for zones " +
        "with whole-hour offsets; in half-hour zones (e.g. Asia/Kolkata) an hour that straddles local midnight counts " +
        "in the day it starts in.",
    }),
    group_by: z
      .string()
      .max(200)
      .optional()
      .transform((value, ctx) => {
        const parts = (value ?? "").split(",").map((part) => part.trim()).filter((part) => part !== "");
        const unknown = parts.filter((part) => !(SPEND_DIMENSIONS as readonly string[]).includes(part));
        if (unknown.length > 0) {
          ctx.addIssue({ code: "custom", message: `Unknown dimension(s) ${unknown.join(", ")}; use ${SPEND_DIMENSIONS.join(", ")}.` });
          return z.NEVER;
        }
        return SPEND_DIMENSIONS.filter((dimension) => parts.includes(dimension));
      })
      .meta({
        description:
          `Comma-separated dimensions to split series by: ${SPEND_DIMENSIONS.join(", ")}. Default: none (one series). ${RAW_ONLY_NOTE}`,
      }),
    service: filter("service"),
    model: filter("model"),
    team: filter("team"),
    project: filter("project"),
    environment: filter("environment"),
    end_user: filter("end_user"),
    feature: filter("feature"),
});

export const SpendQuery = SpendQueryParams.transform((query, ctx) => {
    const to = query.to === undefined ? Date.now() : Date.parse(query.to);
    const from = query.from === undefined ? undefined : Date.parse(query.from);
    const range = hourRange(from, to);
    if ("message" in range) {
      ctx.addIssue({ code: "custom", path: [range.path], message: range.message });
      return z.NEVER;
    }
    const filters: Partial<Record<SpendDimension, string>> = {};
    for (const dimension of SPEND_DIMENSIONS) if (query[dimension] !== undefined) filters[dimension] = query[dimension];
    return { ...range, granularity: query.granularity, groupBy: query.group_by, filters };
});

/**
 * [from, to) widened to whole UTC hours (rollups are hourly) — from down, to up; without from,
 * the SPEND_DEFAULT_RANGE_DAYS before to. Or why it is not a range we answer.
 */
export function hourRange(fromMs: number | undefined, toMs: number): { from: Date; to: Date } | { path: "from" | "to"; message: string } {
  const to = Math.ceil(toMs / HOUR_MS) * HOUR_MS;
  const from = fromMs === undefined ? to - SPEND_DEFAULT_RANGE_DAYS * DAY_MS : Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  if (to <= from) return { path: "to", message: "to must be after from." };
  if (to - from > SPEND_MAX_RANGE_DAYS * DAY_MS) return { path: "from", message: `The range may span at most ${SPEND_MAX_RANGE_DAYS} days.` };
  return { from: new Date(from), to: new Date(to) };
}

export type SpendRequest = z.output<typeof SpendQuery>;

const money = z.string().regex(/^\d+(\.\d+)?$/).meta({ description: "Decimal string in `currency`, exact (never a float)." });
const counts = {
  events: z.number().int().meta({ description: "Events counted." }),
  errors: z.number().int().meta({ description: "Events with status \"error\"." }),
  unpriced_events: z.number().int().meta({
    description: "Events with no known cost. They add nothing to `cost` (not 0: unknown) — spend is at least `cost`.",
  }),
};

export const SpendResponse = z.object({
  currency: z.string().meta({ description: "The organization's base currency." }),
  from: z.iso.datetime({ offset: true }).meta({ description: "Effective start (inclusive), after rounding." }),
  to: z.iso.datetime({ offset: true }).meta({ description: "Effective end (exclusive), after rounding." }),
  granularity: z.enum(SPEND_GRANULARITIES),
  group_by: z.array(z.enum(SPEND_DIMENSIONS)),
  timezone: z.string().meta({ description: "The organization's IANA time zone, in which day and month buckets are cut." }),
  totals: z.object({ cost: money, ...counts }),
  series: z.array(z.object({
    bucket_start: z.iso.datetime({ offset: true }).meta({ description: "Bucket start in the organization's offset at that instant." }),
    group: z.record(z.string(), z.string().nullable()).meta({ description: "The group_by dimensions' values (null: not set on the events)." }),
    cost: money,
    ...counts,
  })).meta({ description: `Non-empty buckets only, ordered by bucket_start then group. At most ${SPEND_MAX_ROWS} rows (more: 400).` }),
});
export type SpendResult = z.input<typeof SpendResponse>;
