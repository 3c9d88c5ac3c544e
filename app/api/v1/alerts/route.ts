/** GET /api/v1/alerts (scope: read): the key's organization's alerts, newest first, filtered, a page at a time. See lib/services/alerts/list-alerts.ts. */
import { apiRoute } from "@/lib/api/route";
import { AlertListResponse, ListAlertsInput } from "@/lib/services/alerts/alert-schemas";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const GET = apiRoute({
  scope: "read",
  input: ListAlertsInput,
  output: AlertListResponse,
  handler: (ctx, query) => listAlerts(byApiKey(ctx.apiKey), query),
});
