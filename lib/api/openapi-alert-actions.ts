/**
 * The automated-action endpoints of the OpenAPI document (openapi.ts): /alert-actions,
 * /alert-actions/{id}, /alert-action-runs and /alert-action-runs/{id}, with schemas from the zod
 * the routes validate with.
 */
import type { PathHelpers, SchemaRegistry } from "./openapi-parts";
import {
  ActionRunListResponse, ActionRunResponse, AlertAction, AlertActionListResponse, AlertActionRun, CreateAlertActionInput,
  CreateAlertActionResponse, DecideActionRunInput, ListActionRunsInput, ListAlertActionsInput,
} from "@/lib/services/alerts/action-schemas";

export function registerAlertActionSchemas(responses: SchemaRegistry, requests: SchemaRegistry): void {
  responses.add(AlertAction, { id: "AlertAction" });
  responses.add(AlertActionListResponse, { id: "AlertActionListResponse" });
  responses.add(CreateAlertActionResponse, { id: "AlertActionCreated" });
  responses.add(AlertActionRun, { id: "AlertActionRun" });
  responses.add(ActionRunListResponse, { id: "AlertActionRunListResponse" });
  responses.add(ActionRunResponse, { id: "AlertActionRunResponse" });
  requests.add(CreateAlertActionInput, { id: "AlertActionCreate" });
  requests.add(DecideActionRunInput, { id: "AlertActionRunDecide" });
}

export function alertActionPaths({ ref, json, errors, pathId, queryParameters }: PathHelpers) {
  return {
    "/alert-actions": {
      get: {
        operationId: "listAlertActions",
        summary: "List a rule's automated actions",
        "x-required-scope": "read",
        parameters: queryParameters(ListAlertActionsInput),
        responses: { "200": json("The rule's actions.", "AlertActionListResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
      post: {
        operationId: "createAlertAction",
        summary: "Add an automated action to a rule (or preview it)",
        description:
          "When the rule fires, `enforce_hard` switches its budget to hard enforcement and `suspend_key_scope` takes the ingest or " +
          "check scope from an API key (effective within 30 s: keys are cached that long) — at once, in the transaction that " +
          "records the alert, or after an admin approves the run (`requires_approval`). Every run can be undone. With " +
          "`dry_run: true` nothing is saved: `preview` says what it would do if the rule fired now (200 instead of 201).",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("AlertActionCreate") } } },
        responses: {
          "201": json("The action, and what it would do now.", "AlertActionCreated"),
          "200": json("A dry run: what it would do now; nothing saved.", "AlertActionCreated"),
          ...errors("400", "401", "403", "413", "429", "500"),
        },
      },
    },
    "/alert-actions/{id}": {
      parameters: [pathId("alert action")],
      delete: {
        operationId: "deleteAlertAction",
        summary: "Remove an automated action",
        description: "Its past runs stay, as history.",
        "x-required-scope": "write",
        responses: { "204": { description: "Deleted." }, ...errors("400", "401", "403", "404", "429", "500") },
      },
    },
    "/alert-action-runs": {
      get: {
        operationId: "listAlertActionRuns",
        summary: "What an alert's actions did",
        description: "Each run: its status, what it acted on (`target`), what it changed (`did`) and, when skipped or refused, why (`note`).",
        "x-required-scope": "read",
        parameters: queryParameters(ListActionRunsInput),
        responses: { "200": json("The alert's runs.", "AlertActionRunListResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
    },
    "/alert-action-runs/{id}": {
      parameters: [pathId("action run")],
      patch: {
        operationId: "decideAlertActionRun",
        summary: "Approve, decline or undo a run",
        description:
          "`done` approves a waiting run (carried out now; `skipped` if its target is gone), `declined` refuses it, `undone` " +
          "reverses what a run did (409 when the target changed since, e.g. someone set the budget's enforcement by hand).",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("AlertActionRunDecide") } } },
        responses: { "200": json("The run.", "AlertActionRunResponse"), ...errors("400", "401", "403", "404", "409", "413", "429", "500") },
      },
    },
  };
}
