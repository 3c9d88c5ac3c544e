/** POST /api/v1/alerts/{id}/ack (scope: write) with `{ "note"?: "…" }`: acknowledges an open alert; 409 if it is not open, 404 if not yours. */
import { apiRoute } from "@/lib/api/route";
import { acknowledgeAlert } from "@/lib/services/alerts/acknowledge-alert";
import { AcknowledgeAlertBody, AlertResponse } from "@/lib/services/alerts/alert-schemas";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const POST = apiRoute({
  scope: "write",
  input: AcknowledgeAlertBody,
  output: AlertResponse,
  handler: async (ctx, body) => ({ alert: await acknowledgeAlert(byApiKey(ctx.apiKey), ctx.params.id, body) }),
});
