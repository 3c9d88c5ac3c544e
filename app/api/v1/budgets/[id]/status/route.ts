/** GET /api/v1/budgets/{id}/status (scope: read): spent, effective amount, forecast, status word and history. See lib/core/budgets/status.ts. */
import { apiRoute } from "@/lib/api/route";
import { BudgetStatusResponse } from "@/lib/services/budgets/api-schemas";
import { byApiKey } from "@/lib/services/budgets/budget-caller";
import { getBudgetStatus } from "@/lib/services/budgets/get-budget-status";

export const GET = apiRoute({
  scope: "read",
  output: BudgetStatusResponse,
  handler: (ctx) => getBudgetStatus(byApiKey(ctx.apiKey), ctx.params.id),
});
