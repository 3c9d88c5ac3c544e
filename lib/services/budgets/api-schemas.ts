/** What the /api/v1/budgets endpoints answer, as zod: checked on the way out and shown in the OpenAPI document. */
import { z } from "zod";
import { BUDGET_STATUSES } from "@/lib/core/budgets/status";
import { Budget } from "./budget-row";

const money = z.string().meta({ description: "Exact decimal string in the base currency." });
const statusWord = z.enum(BUDGET_STATUSES);
const band = { p2_5: z.number(), p10: z.number(), p50: z.number(), p90: z.number(), p97_5: z.number() };

export const BudgetListResponse = z.object({ budgets: z.array(Budget) });
export const BudgetResponse = z.object({ budget: Budget });
export const BudgetWriteResponse = z.object({
  budget: Budget,
  warnings: z.array(z.string()).meta({ description: "E.g. a scope that matches no usage so far." }),
});

const amountStatus = {
  spent: money,
  reserved: money.meta({ description: "Held by open pre-spend reservations; counts against remaining." }),
  effective_amount: money,
  remaining: money.meta({ description: "effective_amount − spent − reserved, at least 0." }),
  percent: z.number(),
  status: statusWord,
};

export const BudgetStatusSchema = z.object({
  ...amountStatus,
  period: z.object({ start: z.string().nullable(), end: z.string().nullable(), state: z.enum(["not_started", "current", "ended"]) }),
  event_count: z.number(),
  unpriced_events: z.number().meta({ description: "Events in the period without a known cost: spend may be higher." }),
  burn_rate_per_day: z.number().nullable().meta({ description: "Approximate." }),
  forecast: z
    .object({
      approximate: z.literal(true),
      method: z.string(),
      backtest_error: z.number().nullable().meta({ description: "MASE of the chosen method in a rolling-origin backtest." }),
      at_period_end: z.object(band).meta({ description: "Cumulative spend at the period end: p10–p90 is the 80% interval, p2_5–p97_5 the 95%." }),
      cumulative: z.array(z.object({ date: z.string(), ...band })),
      exhaustion_date: z.string().nullable(),
      earliest_exhaustion_date: z.string().nullable(),
      notes: z.array(z.string()),
    })
    .nullable(),
  forecast_note: z.string().nullable(),
  subjects: z.array(z.object({ subject: z.string(), unpriced_events: z.number(), ...amountStatus })).nullable(),
  subject_count: z.number(),
  history: z.array(z.object({ start: z.string().nullable(), end: z.string().nullable(), spent: money, effective_amount: money, status: statusWord })),
});

export const BudgetStatusResponse = z.object({ budget: Budget, status: BudgetStatusSchema });
