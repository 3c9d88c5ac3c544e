/** GET /api/v1/alert-actions?rule_id — a rule's automated actions; POST — add one, or preview it with dry_run. */
import { apiRoute } from "@/lib/api/route";
import { AlertActionListResponse, CreateAlertActionInput, CreateAlertActionResponse, ListAlertActionsInput } from "@/lib/services/alerts/action-schemas";
import { createAlertAction } from "@/lib/services/alerts/create-alert-action";
import { listAlertActions } from "@/lib/services/alerts/list-alert-actions";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const GET = apiRoute({
  scope: "read",
  input: ListAlertActionsInput,
  output: AlertActionListResponse,
  handler: async (ctx, query) => ({ actions: await listAlertActions(byApiKey(ctx.apiKey), query) }),
});

export const POST = apiRoute({
  scope: "write",
  input: CreateAlertActionInput,
  handler: async (ctx, input) => {
    const created = CreateAlertActionResponse.parse(await createAlertAction(byApiKey(ctx.apiKey), input));
    return Response.json(created, { status: created.action === null ? 200 : 201 });
  },
});
