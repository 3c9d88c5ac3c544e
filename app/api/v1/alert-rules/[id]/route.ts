/** GET (scope: read), PATCH and DELETE (scope: write) /api/v1/alert-rules/{id}; another organization's id is 404. */
import { apiRoute } from "@/lib/api/route";
import { deleteAlertRule } from "@/lib/services/alerts/delete-alert-rule";
import { getAlertRule } from "@/lib/services/alerts/get-alert-rule";
import { AlertRuleResponse, UpdateAlertRuleInput } from "@/lib/services/alerts/rule-schemas";
import { updateAlertRule } from "@/lib/services/alerts/update-alert-rule";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const GET = apiRoute({
  scope: "read",
  output: AlertRuleResponse,
  handler: async (ctx) => ({ rule: await getAlertRule(byApiKey(ctx.apiKey), ctx.params.id) }),
});

export const PATCH = apiRoute({
  scope: "write",
  input: UpdateAlertRuleInput,
  output: AlertRuleResponse,
  handler: async (ctx, input) => ({ rule: await updateAlertRule(byApiKey(ctx.apiKey), ctx.params.id, input) }),
});

export const DELETE = apiRoute({
  scope: "write",
  handler: async (ctx) => {
    await deleteAlertRule(byApiKey(ctx.apiKey), ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
