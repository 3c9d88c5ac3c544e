/** DELETE /api/v1/alert-actions/{id} — removes an automated action; its past runs stay. */
import { apiRoute } from "@/lib/api/route";
import { deleteAlertAction } from "@/lib/services/alerts/delete-alert-action";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const DELETE = apiRoute({
  scope: "write",
  handler: async (ctx) => {
    await deleteAlertAction(byApiKey(ctx.apiKey), ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
