/**
 * Spendguard's MCP server for one API key (a new one per request: the /api/mcp route is
 * stateless). Every tool is listed whatever the key's scopes, so an agent learns what exists; a
 * call the key may not make is answered with which scope it needs (lib/mcp/tool.ts).
 */
import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { registerTool } from "./tool";
import { acknowledgeAlertTool, listAlertsTool, setAlertThresholdsTool } from "./tools/alerts";
import { budgetStatusTool, createBudgetTool, getForecastTool, listBudgetsTool } from "./tools/budgets";
import { checkSpendTool } from "./tools/checks";
import { spendSummaryTool } from "./tools/spend";

export const MCP_SERVER_INFO = { name: "spendguard", version: "1.0.0" } as const;

const INSTRUCTIONS =
  "Spendguard keeps an organization's spend on paid APIs within its budgets. Before an expensive call, use check_spend " +
  "(and follow its decision); use spend_summary, list_budgets, budget_status and get_forecast to see where spend stands; " +
  "list_alerts and acknowledge_alert for alerts; create_budget and set_alert_thresholds to change them. Amounts are exact " +
  "decimal strings in the organization's base currency.";

export function createSpendguardMcpServer(principal: ApiKeyPrincipal): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: INSTRUCTIONS });
  registerTool(server, principal, spendSummaryTool);
  registerTool(server, principal, listBudgetsTool);
  registerTool(server, principal, budgetStatusTool);
  registerTool(server, principal, getForecastTool);
  registerTool(server, principal, checkSpendTool);
  registerTool(server, principal, createBudgetTool);
  registerTool(server, principal, setAlertThresholdsTool);
  registerTool(server, principal, listAlertsTool);
  registerTool(server, principal, acknowledgeAlertTool);
  return server;
}
