/**
 * The alert endpoints of the OpenAPI document (openapi.ts): /alerts, /alerts/{id}/ack,
 * /alert-rules and /alert-rules/{id}, with schemas from the zod the routes validate with.
 */
import type { PathHelpers, SchemaRegistry } from "./openapi-parts";
import { AcknowledgeAlertBody, Alert, AlertListResponse, AlertResponse, ListAlertsInput } from "@/lib/services/alerts/alert-schemas";
import { AlertRule, AlertRuleListResponse, AlertRuleResponse, CreateAlertRuleInput, ListAlertRulesInput, MUTED_INDEFINITELY, UpdateAlertRuleInput } from "@/lib/services/alerts/rule-schemas";

/** Answers (read as output) into `responses`, request bodies (read as input) into `requests`. */
export function registerAlertSchemas(responses: SchemaRegistry, requests: SchemaRegistry): void {
  responses.add(Alert, { id: "Alert" });
  responses.add(AlertListResponse, { id: "AlertListResponse" });
  responses.add(AlertResponse, { id: "AlertResponse" });
  responses.add(AlertRule, { id: "AlertRule" });
  responses.add(AlertRuleListResponse, { id: "AlertRuleListResponse" });
  responses.add(AlertRuleResponse, { id: "AlertRuleResponse" });
  requests.add(AcknowledgeAlertBody, { id: "AlertAcknowledge" });
  requests.add(CreateAlertRuleInput, { id: "AlertRuleCreate" });
  requests.add(UpdateAlertRuleInput, { id: "AlertRuleUpdate" });
}

export function alertPaths({ ref, json, errors, pathId, queryParameters }: PathHelpers) {
  return {
    "/alerts": {
      get: {
        operationId: "listAlerts",
        summary: "List alerts",
        description:
          "What fired, newest first: status (open, acknowledged, resolved; default all), kind, severity and budget filters, " +
          "up to `limit` per page; pass `next_cursor` back as `cursor` for the next page. `facts` say what was seen by kind " +
          "(money as exact decimal strings in the base currency); `delivery` says whether recipients were told.",
        "x-required-scope": "read",
        parameters: queryParameters(ListAlertsInput),
        responses: { "200": json("A page of alerts.", "AlertListResponse"), ...errors("400", "401", "403", "429", "500") },
      },
    },
    "/alerts/{id}/ack": {
      parameters: [pathId("alert")],
      post: {
        operationId: "acknowledgeAlert",
        summary: "Acknowledge an alert",
        description: "With an optional note (at most 1,000 characters); send `{}` for none. Only an open alert can be acknowledged (409 otherwise).",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("AlertAcknowledge") } } },
        responses: { "200": json("The acknowledged alert.", "AlertResponse"), ...errors("400", "401", "403", "404", "409", "413", "429", "500") },
      },
    },
    "/alert-rules": {
      get: {
        operationId: "listAlertRules",
        summary: "List alert rules",
        description: "All the organization's rules, or one budget's (`budget_id`; another organization's budget is 404) or one kind's.",
        "x-required-scope": "read",
        parameters: queryParameters(ListAlertRulesInput),
        responses: { "200": json("The rules.", "AlertRuleListResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
      post: {
        operationId: "createAlertRule",
        summary: "Create an alert rule",
        description:
          "By `kind`: actual (spent ≥ threshold % of the period's amount) and forecast (median forecast at the period end ≥ " +
          "threshold %), 1–1000 %; anomaly (robust score ≥ threshold, default 4, over the last hour or day, when the excess is " +
          "at least min_amount); health (a service's error_rate in % or p95_latency in ms over window_minutes 5–1440, with at " +
          "least min_requests). Recipients are members (emailed) and notification channels of the organization (400 for others). " +
          `A muted rule records alerts without notifying until muted_until (${MUTED_INDEFINITELY}: until unmuted); a disabled one fires ` +
          "nothing. A budget rule is evaluated at once: a threshold the budget already passed fires now.",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("AlertRuleCreate") } } },
        responses: { "201": json("The rule.", "AlertRuleResponse"), ...errors("400", "401", "403", "413", "429", "500") },
      },
    },
    "/alert-rules/{id}": {
      parameters: [pathId("alert rule")],
      get: {
        operationId: "getAlertRule",
        summary: "Get an alert rule",
        "x-required-scope": "read",
        responses: { "200": json("The rule.", "AlertRuleResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
      patch: {
        operationId: "updateAlertRule",
        summary: "Change an alert rule",
        description:
          "Only the fields sent change; kind and budget stay. The result is validated whole for its kind (fields another kind uses " +
          "are refused). Mute with muted_until, unmute with null; turn off with enabled: false.",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("AlertRuleUpdate") } } },
        responses: { "200": json("The rule.", "AlertRuleResponse"), ...errors("400", "401", "403", "404", "413", "429", "500") },
      },
      delete: {
        operationId: "deleteAlertRule",
        summary: "Delete an alert rule",
        description: "Its alerts go with it.",
        "x-required-scope": "write",
        responses: { "204": { description: "Deleted." }, ...errors("400", "401", "403", "404", "429", "500") },
      },
    },
  };
}
