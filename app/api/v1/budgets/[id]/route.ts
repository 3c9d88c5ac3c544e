/** GET (scope: read), PATCH and DELETE (scope: write) /api/v1/budgets/{id}; another organization's id is 404. */
import { apiRoute } from "@/lib/api/route";
import { BudgetResponse, BudgetWriteResponse } from "@/lib/services/budgets/api-schemas";
import { byApiKey } from "@/lib/services/budgets/budget-caller";
import { deleteBudget } from "@/lib/services/budgets/delete-budget";
import { getBudget } from "@/lib/services/budgets/get-budget";
import { UpdateBudgetInput } from "@/lib/services/budgets/schemas";
import { updateBudget } from "@/lib/services/budgets/update-budget";

export const GET = apiRoute({
  scope: "read",
  output: BudgetResponse,
  handler: async (ctx) => ({ budget: await getBudget(byApiKey(ctx.apiKey), ctx.params.id) }),
});

export const PATCH = apiRoute({
  scope: "write",
  input: UpdateBudgetInput,
  output: BudgetWriteResponse,
  handler: (ctx, input) => updateBudget(byApiKey(ctx.apiKey), ctx.params.id, input),
});

export const DELETE = apiRoute({
  scope: "write",
  handler: async (ctx) => {
    await deleteBudget(byApiKey(ctx.apiKey), ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
