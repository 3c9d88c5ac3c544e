/**
 * What one committed ingest batch adds, as the `spend` Realtime message carries it (the database
 * adds the organization's new totals): counts, the base-currency cost of the new events (unpriced
 * ones count, never add $0), the cost per service, and the newest few events for the live feed.
 * Pure; money stays exact decimal strings. Shared by ingest and the dashboard's cache updates.
 */
import { z } from "zod";
import { add, compare, formatDecimal, parseDecimal, ZERO, type Decimal } from "../money.ts";

/** The live feed shows this many of a batch's newest events. */
export const RECENT_EVENTS = 10;
/** A message names at most this many services; the rest are summed under "other". */
export const DELTA_SERVICES = 20;

const money = z.string().regex(/^-?\d+(\.\d+)?$/);

export const recentEventSchema = z.object({
  id: z.string(),
  occurred_at: z.string(),
  service: z.string(),
  model: z.string(),
  cost: money.nullable(),
  pricing_status: z.enum(["priced", "unpriced", "provided"]),
  team: z.string().nullable(),
  project: z.string().nullable(),
  environment: z.string().nullable(),
  end_user: z.string().nullable(),
  feature: z.string().nullable(),
});
export type RecentEvent = z.infer<typeof recentEventSchema>;

export const spendMessageSchema = z.object({
  v: z.literal(1),
  accepted: z.number().int(),
  cost: money,
  unpriced: z.number().int(),
  by_service: z.array(z.object({ service: z.string(), cost: money, events: z.number().int() })),
  recent: z.array(recentEventSchema),
  committed_at: z.string(),
  /** The organization's spend after this batch: today and this month in its time zone (private.spend_totals). */
  totals: z.object({ today: money, month: money, today_start: z.string(), month_start: z.string() }),
});
export type SpendMessage = z.infer<typeof spendMessageSchema>;

export const budgetsMessageSchema = z.object({
  v: z.literal(1),
  /** Every ledger row the batch moved, with its spent after it. */
  ledgers: z.array(z.object({ budget_id: z.string(), subject: z.string(), period_start: z.string().nullable(), spent: money })),
});
export type BudgetsMessage = z.infer<typeof budgetsMessageSchema>;

type DeltaEvent = Omit<RecentEvent, "id"> & { client_event_id: string };

export function spendDelta(events: readonly DeltaEvent[]): Omit<SpendMessage, "committed_at" | "totals"> {
  let cost: Decimal = ZERO;
  let unpriced = 0;
  const byService = new Map<string, { cost: Decimal; events: number }>();
  for (const event of events) {
    const value = event.cost === null ? ZERO : parseDecimal(event.cost);
    if (event.pricing_status === "unpriced") unpriced += 1;
    cost = add(cost, value);
    const entry = byService.get(event.service) ?? { cost: ZERO, events: 0 };
    byService.set(event.service, { cost: add(entry.cost, value), events: entry.events + 1 });
  }
  const services = [...byService.entries()].sort((a, b) => compare(b[1].cost, a[1].cost) || a[0].localeCompare(b[0]));
  const named = services.slice(0, DELTA_SERVICES);
  const rest = services.slice(DELTA_SERVICES);
  const other = rest.length === 0 ? [] : [{
    service: "other",
    cost: formatDecimal(rest.reduce((sum, [, s]) => add(sum, s.cost), ZERO)),
    events: rest.reduce((sum, [, s]) => sum + s.events, 0),
  }];
  const recent = [...events].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at)).slice(0, RECENT_EVENTS);
  return {
    v: 1,
    accepted: events.length,
    cost: formatDecimal(cost),
    unpriced,
    by_service: [...named.map(([service, s]) => ({ service, cost: formatDecimal(s.cost), events: s.events })), ...other],
    recent: recent.map(({ client_event_id, ...rest }) => ({
      id: client_event_id,
      occurred_at: rest.occurred_at,
      service: rest.service,
      model: rest.model,
      cost: rest.cost,
      pricing_status: rest.pricing_status,
      team: rest.team,
      project: rest.project,
      environment: rest.environment,
      end_user: rest.end_user,
      feature: rest.feature,
    })),
  };
}
