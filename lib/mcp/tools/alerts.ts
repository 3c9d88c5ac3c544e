/** MCP tools over alerts: `list_alerts`, `acknowledge_alert`, `set_alert_thresholds`. */
import "server-only";
import { z } from "zod";
import { acknowledgeAlert } from "@/lib/services/alerts/acknowledge-alert";
import { ackNoteField, AlertListResponse, AlertResponse, ListAlertsInput } from "@/lib/services/alerts/alert-schemas";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { AlertRuleListResponse } from "@/lib/services/alerts/rule-schemas";
import { SetAlertThresholdsInput, setAlertThresholds } from "@/lib/services/alerts/set-alert-thresholds";
import { byApiKey } from "@/lib/services/budgets/budget-caller";
import { uuidField } from "@/lib/services/organizations/schemas";
import { defineTool } from "../tool";

export const listAlertsTool = defineTool({
  name: "list_alerts",
  title: "List alerts",
  description: "The organization's alerts, newest first: actual, forecast, anomaly and health alerts with what was seen when they fired. Filter by status, kind, severity or budget; page with cursor.",
  scope: "read",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: ListAlertsInput,
  output: AlertListResponse,
  run: (principal, input) => listAlerts(byApiKey(principal), input),
});

export const acknowledgeAlertTool = defineTool({
  name: "acknowledge_alert",
  title: "Acknowledge an alert",
  description: "Marks an open alert as seen, with an optional note; it resolves on its own when its period ends or its condition clears.",
  scope: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({ alert_id: uuidField.meta({ description: "The alert's id (list_alerts shows them)." }), note: ackNoteField.nullable().optional() }),
  output: AlertResponse,
  run: async (principal, input) => ({ alert: await acknowledgeAlert(byApiKey(principal), input.alert_id, { note: input.note }) }),
});

export const setAlertThresholdsTool = defineTool({
  name: "set_alert_thresholds",
  title: "Set a budget's alert thresholds",
  description:
    "Makes a budget alert at exactly these percentages of its amount spent (actual) and, optionally, forecast at the period end. " +
    "Thresholds already set keep their recipients and settings; others are removed; new ones tell the budget's current recipients. " +
    "A threshold already crossed fires at once.",
  scope: "write",
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: SetAlertThresholdsInput,
  output: AlertRuleListResponse,
  run: async (principal, input) => ({ rules: await setAlertThresholds(byApiKey(principal), input) }),
});
