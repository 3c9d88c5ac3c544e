/** MCP tool for asking before spending: `check_spend`. */
import "server-only";
import { checkSpend } from "@/lib/services/checks/check-spend";
import { CheckRequest, CheckResponse } from "@/lib/services/checks/schemas";
import { defineTool } from "../tool";

export const checkSpendTool = defineTool({
  name: "check_spend",
  title: "May I spend this?",
  description:
    "Asks before an expensive call: give estimated_cost, or service + model + quantities to price from the catalog, and the call's " +
    "dimensions (team, project, …). Answers allow, warn, deny or require_approval with every matching budget's remaining amount. " +
    "With reserve, the estimate is held against those budgets until the event naming the reservation arrives, it is released, or it expires.",
  scope: "check",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: CheckRequest,
  output: CheckResponse,
  run: (principal, input) => checkSpend(principal, input),
});
