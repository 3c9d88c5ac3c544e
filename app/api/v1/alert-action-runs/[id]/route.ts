/** PATCH /api/v1/alert-action-runs/{id} — approve (done), decline or undo a run. */
import { apiRoute } from "@/lib/api/route";
import { ActionRunResponse, DecideActionRunInput } from "@/lib/services/alerts/action-schemas";
import { decideActionRun } from "@/lib/services/alerts/decide-action-run";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const PATCH = apiRoute({
  scope: "write",
  input: DecideActionRunInput,
  output: ActionRunResponse,
  handler: async (ctx, input) => ({ run: await decideActionRun(byApiKey(ctx.apiKey), ctx.params.id, input) }),
});
