/** MCP tools over spend: `spend_summary`. */
import "server-only";
import { z } from "zod";
import { getSpendSummary } from "@/lib/services/usage/get-spend-summary";
import { hourRange, SPEND_DEFAULT_RANGE_DAYS, SPEND_DIMENSIONS, SPEND_MAX_RANGE_DAYS } from "@/lib/services/usage/spend-schemas";
import { InvalidError } from "@/lib/services/errors";
import { defineTool } from "../tool";

const instant = z.iso.datetime({ offset: true, error: "Use an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00Z." });
const value = z.string().min(1).max(200);
const money = z.string().meta({ description: "Exact decimal string in `currency`." });
const counts = { events: z.number().int(), errors: z.number().int(), unpriced_events: z.number().int().meta({ description: "Events with no known cost (not counted as 0)." }) };

export const spendSummaryTool = defineTool({
  name: "spend_summary",
  title: "Spend summary",
  description:
    `What the organization spent over a range (default: the last ${SPEND_DEFAULT_RANGE_DAYS} days, at most ${SPEND_MAX_RANGE_DAYS}), ` +
    "in its base currency: totals, and with group_by the groups with most cost and their share. Filters narrow it to exact values.",
  scope: "read",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: z.strictObject({
    from: instant.optional().meta({ description: "Start (inclusive); rounded down to the hour." }),
    to: instant.optional().meta({ description: "End (exclusive); rounded up to the hour. Default: now." }),
    group_by: z.array(z.enum(SPEND_DIMENSIONS)).max(2).default([]).meta({ description: `Up to two of ${SPEND_DIMENSIONS.join(", ")}.` }),
    filters: z.strictObject(Object.fromEntries(SPEND_DIMENSIONS.map((dimension) => [dimension, value.optional()])))
      .default({}).meta({ description: "Exact values to keep, e.g. { \"service\": \"openai\" }." }),
    limit: z.number().int().min(1).max(50).default(10).meta({ description: "Groups to return, most cost first (1–50)." }),
  }),
  output: z.object({
    currency: z.string(),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    group_by: z.array(z.string()),
    totals: z.object({ cost: money, ...counts }),
    groups: z.array(z.object({ group: z.record(z.string(), z.string().nullable()), cost: money, share_percent: z.string().nullable(), ...counts })),
    truncated: z.boolean().meta({ description: "More groups exist than `limit`." }),
  }),
  run: (principal, input) => {
    const range = hourRange(input.from === undefined ? undefined : Date.parse(input.from), input.to === undefined ? Date.now() : Date.parse(input.to));
    if ("message" in range) throw new InvalidError(range.message, { [range.path]: [range.message] });
    const filters = Object.fromEntries(Object.entries(input.filters).filter(([, text]) => text !== undefined));
    return getSpendSummary(principal, { ...range, groupBy: input.group_by, filters }, input.limit);
  },
});
