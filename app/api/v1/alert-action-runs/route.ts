/** GET /api/v1/alert-action-runs?alert_id — what an alert's actions did, or wait to do. */
import { apiRoute } from "@/lib/api/route";
import { ActionRunListResponse, ListActionRunsInput } from "@/lib/services/alerts/action-schemas";
import { listActionRuns } from "@/lib/services/alerts/list-action-runs";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const GET = apiRoute({
  scope: "read",
  input: ListActionRunsInput,
  output: ActionRunListResponse,
  handler: async (ctx, query) => ({ runs: await listActionRuns(byApiKey(ctx.apiKey), query) }),
});
