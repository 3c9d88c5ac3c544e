/** GET /api/v1/budgets (scope: read) lists the key's organization's budgets; POST (scope: write) creates one. See lib/services/budgets. */
import { apiRoute } from "@/lib/api/route";
import { byApiKey } from "@/lib/services/budgets/budget-caller";
import { createBudget } from "@/lib/services/budgets/create-budget";
import { BudgetListResponse, BudgetWriteResponse } from "@/lib/services/budgets/api-schemas";
import { listBudgets } from "@/lib/services/budgets/list-budgets";
import { CreateBudgetInput } from "@/lib/services/budgets/schemas";

export const GET = apiRoute({
  scope: "read",
  output: BudgetListResponse,
  handler: async (ctx) => ({ budgets: await listBudgets(byApiKey(ctx.apiKey)) }),
});

export const POST = apiRoute({
  scope: "write",
  input: CreateBudgetInput,
  handler: async (ctx, input) => Response.json(BudgetWriteResponse.parse(await createBudget(byApiKey(ctx.apiKey), input)), { status: 201 }),
});
