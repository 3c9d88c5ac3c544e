/** GET /api/v1/alert-rules[?budget_id=&kind=] (scope: read) lists alert rules; POST (scope: write) creates one. See lib/services/alerts. */
import { apiRoute } from "@/lib/api/route";
import { createAlertRule } from "@/lib/services/alerts/create-alert-rule";
import { listAlertRules } from "@/lib/services/alerts/list-alert-rules";
import { AlertRuleListResponse, AlertRuleResponse, CreateAlertRuleInput, ListAlertRulesInput } from "@/lib/services/alerts/rule-schemas";
import { byApiKey } from "@/lib/services/budgets/budget-caller";

export const GET = apiRoute({
  scope: "read",
  input: ListAlertRulesInput,
  output: AlertRuleListResponse,
  handler: async (ctx, query) => ({ rules: await listAlertRules(byApiKey(ctx.apiKey), query) }),
});

export const POST = apiRoute({
  scope: "write",
  input: CreateAlertRuleInput,
  handler: async (ctx, input) => Response.json(AlertRuleResponse.parse({ rule: await createAlertRule(byApiKey(ctx.apiKey), input) }), { status: 201 }),
});
