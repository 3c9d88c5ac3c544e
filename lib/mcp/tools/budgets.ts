/** MCP tools over budgets: `list_budgets`, `budget_status`, `get_forecast`, `create_budget`. */
import "server-only";
import { z } from "zod";
import { BudgetListResponse, BudgetStatusResponse, BudgetStatusSchema, BudgetWriteResponse } from "@/lib/services/budgets/api-schemas";
import { byApiKey } from "@/lib/services/budgets/budget-caller";
import { createBudget } from "@/lib/services/budgets/create-budget";
import { getBudgetStatus } from "@/lib/services/budgets/get-budget-status";
import { listBudgets } from "@/lib/services/budgets/list-budgets";
import { CreateBudgetInput } from "@/lib/services/budgets/schemas";
import { uuidField } from "@/lib/services/organizations/schemas";
import { defineTool } from "../tool";

const budgetIdInput = z.strictObject({ budget_id: uuidField.meta({ description: "The budget's id (list_budgets shows them)." }) });

export const listBudgetsTool = defineTool({
  name: "list_budgets",
  title: "List budgets",
  description: "Every budget of the organization: name, amount, currency, period, time zone, scope, enforcement, parent, and its id for the other tools.",
  scope: "read",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: BudgetListResponse,
  run: async (principal) => ({ budgets: await listBudgets(byApiKey(principal)) }),
});

export const budgetStatusTool = defineTool({
  name: "budget_status",
  title: "Budget status",
  description:
    "Where a budget stands in its current period: spent, reserved, remaining, percent, status (ok, warning, forecast_to_exceed, critical, " +
    "exceeded), unpriced events, burn rate, the forecast to the period end, per-subject figures and past periods.",
  scope: "read",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: budgetIdInput,
  output: BudgetStatusResponse,
  run: (principal, input) => getBudgetStatus(byApiKey(principal), input.budget_id),
});

const forecastOnly = BudgetStatusSchema.pick({ spent: true, effective_amount: true, remaining: true, percent: true, status: true, period: true, forecast_note: true });

export const getForecastTool = defineTool({
  name: "get_forecast",
  title: "Budget forecast",
  description:
    "The forecast of a budget's spend at its period end (median with 80% and 95% bands, approximate), when it would run out, " +
    "and what it rests on — without the daily path and history budget_status also returns.",
  scope: "read",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: budgetIdInput,
  output: forecastOnly.extend({
    budget_id: z.string(),
    name: z.string(),
    currency: z.string(),
    forecast: z.object({
      method: z.string(),
      at_period_end: BudgetStatusSchema.shape.forecast.unwrap().shape.at_period_end,
      exhaustion_date: z.string().nullable(),
      earliest_exhaustion_date: z.string().nullable(),
      notes: z.array(z.string()),
    }).nullable().meta({ description: "null when there is not enough history yet (forecast_note says why)." }),
  }),
  run: async (principal, input) => {
    const { budget, status } = await getBudgetStatus(byApiKey(principal), input.budget_id);
    const { forecast } = status;
    return {
      budget_id: budget.id,
      name: budget.name,
      currency: budget.currency,
      spent: status.spent,
      effective_amount: status.effective_amount,
      remaining: status.remaining,
      percent: status.percent,
      status: status.status,
      period: status.period,
      forecast_note: status.forecast_note,
      forecast: forecast && {
        method: forecast.method,
        at_period_end: forecast.at_period_end,
        exhaustion_date: forecast.exhaustion_date,
        earliest_exhaustion_date: forecast.earliest_exhaustion_date,
        notes: forecast.notes,
      },
    };
  },
});

export const createBudgetTool = defineTool({
  name: "create_budget",
  title: "Create a budget",
  description:
    "Creates a budget: a name, an amount (decimal string) in a currency, a period (daily, weekly, monthly, quarterly, yearly, custom or " +
    "lifetime) in a time zone, optionally a scope (service, model, team, project, environment, end user), a parent, rollover and " +
    "enforcement (soft, hard or approval). It gets the default alert rules (50/80/100 % spent, 100 % forecast).",
  scope: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: CreateBudgetInput,
  output: BudgetWriteResponse,
  run: (principal, input) => createBudget(byApiKey(principal), input),
});
