/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. It lists only endpoints that exist;
 * each new route adds its path here, with schemas generated from the same zod it validates with.
 */
import { z } from "zod";
import { API_KEY_SCOPES, SCOPE_SUMMARIES } from "@/lib/services/api-keys/scopes";
import { BudgetListResponse, BudgetResponse, BudgetStatusResponse, BudgetWriteResponse } from "@/lib/services/budgets/api-schemas";
import { Budget } from "@/lib/services/budgets/budget-row";
import { CreateBudgetInput, UpdateBudgetInput } from "@/lib/services/budgets/schemas";
import { ApprovalResponse, CheckRequest, CheckResponse, ReservationResponse } from "@/lib/services/checks/schemas";
import { IngestRequest, IngestResponse, UsageEvent } from "@/lib/services/usage/schemas";
import { SPEND_MAX_RANGE_DAYS, SPEND_MAX_ROWS, SpendQueryParams, SpendResponse } from "@/lib/services/usage/spend-schemas";
import { API_ERROR_STATUS, ApiErrorBody } from "./errors";
import { alertActionPaths, registerAlertActionSchemas } from "./openapi-alert-actions";
import { alertPaths, registerAlertSchemas } from "./openapi-alerts";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const STATUS_DESCRIPTIONS: Partial<Record<number, string>> = {
  400: "Invalid JSON (`invalid_json`) or a request that does not match the schema (`validation_failed`, details: [{ path, message }]).",
  401: "Missing, malformed, unknown or revoked API key (`unauthorized`).",
  403: "The key lacks the scope this endpoint needs (`forbidden`, details.required_scope).",
  404: "Not found, or not your organization's (`not_found`).",
  409: "Conflicts with the current state (`conflict`).",
  413: "Request body too large, or too many items in it (`payload_too_large`).",
  429: "Rate limited (`rate_limited`); wait for the Retry-After header's seconds.",
  500: "Our fault (`internal_error`); details.request_id identifies the request.",
};

/** Reusable responses (`#/components/responses/<status>`) that endpoints reference. */
function errorResponses(): Record<string, ReturnType<typeof errorResponse>> {
  const statuses = [...new Set(Object.values(API_ERROR_STATUS))];
  return Object.fromEntries(statuses.map((status) => [String(status), errorResponse(STATUS_DESCRIPTIONS[status] ?? "Error")]));
}

/** Named schemas, emitted as components; references between them point into components too. */
function componentSchemas() {
  const registry = z.registry<{ id: string }>();
  registry.add(ApiErrorBody, { id: "Error" });
  registry.add(UsageEvent, { id: "UsageEvent" });
  registry.add(IngestRequest, { id: "IngestRequest" });
  registry.add(IngestResponse, { id: "IngestResponse" });
  registry.add(SpendResponse, { id: "SpendResponse" });
  registry.add(Budget, { id: "Budget" });
  registry.add(BudgetListResponse, { id: "BudgetListResponse" });
  registry.add(BudgetResponse, { id: "BudgetResponse" });
  registry.add(BudgetWriteResponse, { id: "BudgetWriteResponse" });
  registry.add(BudgetStatusResponse, { id: "BudgetStatusResponse" });
  registry.add(CheckRequest, { id: "CheckRequest" });
  registry.add(CheckResponse, { id: "CheckResponse" });
  registry.add(ReservationResponse, { id: "ReservationResponse" });
  registry.add(ApprovalResponse, { id: "ApprovalResponse" });
  const requests = z.registry<{ id: string }>();
  registerAlertSchemas(registry, requests);
  registerAlertActionSchemas(registry, requests);
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}` });
  // Request bodies as sent (their amounts are transformed on the way in, so they are read as input).
  requests.add(CreateBudgetInput, { id: "BudgetCreate" });
  requests.add(UpdateBudgetInput, { id: "BudgetUpdate" });
  const { schemas: requestSchemas } = z.toJSONSchema(requests, { target: "draft-2020-12", io: "input", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries({ ...schemas, ...requestSchemas }).map(([id, schema]) => {
    const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
    return [id, rest];
  }));
}

/** A GET endpoint's query parameters, each with the schema of the zod field that validates it (as sent). */
function queryParameters(params: z.ZodObject) {
  return Object.entries(params.shape).map(([name, field]) => {
    const { $schema: _dialect, description, ...schema } = z.toJSONSchema(field as z.ZodType, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
    return { name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, description, schema };
  });
}

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Spendguard API",
      version: "1",
      description:
        "Track and control spend on paid APIs. Authenticate with an API key from Settings → API keys: " +
        "`Authorization: Bearer sg_…`. Each key belongs to one organization and carries scopes: " +
        API_KEY_SCOPES.map((scope) => `\`${scope}\` (${SCOPE_SUMMARIES[scope]})`).join(", ") +
        ". Errors are always `{ \"error\": { \"code\", \"message\", \"details\"? } }`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "sg_ followed by 43 base64url characters" },
      },
      schemas: componentSchemas(),
      responses: errorResponses(),
    },
    security: [{ apiKey: [] }],
    paths: {
      "/events": {
        post: {
          operationId: "ingestEvents",
          summary: "Send usage events",
          description:
            "Up to 1,000 events or 1 MB per request (413 beyond). Each event is validated on its own: bad ones are " +
            "listed in `rejected` with their index, code and message, the others are stored, priced from the catalog " +
            "(or with the `cost` given) and added to the hourly rollups in one transaction. Resending an event id " +
            "is a no-op counted in `duplicates`, so a retried batch never counts twice. Items of `events` follow " +
            "the UsageEvent schema.",
          "x-required-scope": "ingest",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/IngestRequest" } } } },
          responses: {
            "200": { description: "Accepted, duplicates and rejected events.", content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResponse" } } } },
            ...Object.fromEntries(["400", "401", "403", "413", "429", "500"].map((status) => [status, { $ref: `#/components/responses/${status}` }])),
          },
        },
      },
      "/spend": {
        get: {
          operationId: "getSpend",
          summary: "Spend totals and time series",
          description:
            "Spend of the key's organization from the hourly rollups (from the raw events when end_user or feature is " +
            "used), in its base currency: totals over [from, to) and " +
            "one series row per non-empty bucket (and group_by group). Costs are exact decimal strings; events with " +
            "no known cost are counted in `unpriced_events` and never added to `cost` as 0. Day and month buckets " +
            "follow the organization's time zone. Unknown parameters, `to` not after `from`, a range over " +
            `${SPEND_MAX_RANGE_DAYS} days or more than ${SPEND_MAX_ROWS} series rows are 400 \`validation_failed\`.`,
          "x-required-scope": "read",
          parameters: queryParameters(SpendQueryParams),
          responses: {
            "200": { description: "Totals and series.", content: { "application/json": { schema: { $ref: "#/components/schemas/SpendResponse" } } } },
            ...Object.fromEntries(["400", "401", "403", "429", "500"].map((status) => [status, { $ref: `#/components/responses/${status}` }])),
          },
        },
      },
      ...budgetPaths(),
      ...checkPaths(),
      ...alertPaths({ ref, json, errors, pathId, queryParameters }),
      ...alertActionPaths({ ref, json, errors, pathId, queryParameters }),
      "/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": {} } } },
        },
      },
    },
  };
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (description: string, id: string) => ({ description, content: { "application/json": { schema: ref(id) } } });
const errors = (...statuses: string[]) => Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/${status}` }]));
const budgetId = { name: "id", in: "path", required: true, description: "The budget's id.", schema: { type: "string", format: "uuid" } };

/** /budgets and /budgets/{id}[/status] (lib/services/budgets; field names as stored, money as decimal strings). */
function budgetPaths() {
  return {
    "/budgets": {
      get: {
        operationId: "listBudgets",
        summary: "List budgets",
        "x-required-scope": "read",
        responses: { "200": json("The organization's budgets, oldest first.", "BudgetListResponse"), ...errors("401", "403", "429", "500") },
      },
      post: {
        operationId: "createBudget",
        summary: "Create a budget",
        description:
          "An amount in the organization's base currency per period (daily, weekly, monthly, quarterly, yearly, custom " +
          "dates, lifetime) in a time zone (default: the organization's), over a scope of exact-match filters, optionally " +
          "per subject and nested under a parent (children never add up to more than their parent: 400 naming the " +
          "overflow). Stored events are counted at once. A scope that matches no usage so far is created with a warning.",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("BudgetCreate") } } },
        responses: { "201": json("The budget, and warnings.", "BudgetWriteResponse"), ...errors("400", "401", "403", "413", "429", "500") },
      },
    },
    "/budgets/{id}": {
      parameters: [budgetId],
      get: {
        operationId: "getBudget",
        summary: "Get a budget",
        "x-required-scope": "read",
        responses: { "200": json("The budget.", "BudgetResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
      patch: {
        operationId: "updateBudget",
        summary: "Change a budget",
        description: "Only the fields sent change. Changing the period, time zone, scope or per recounts its ledgers from the stored events.",
        "x-required-scope": "write",
        requestBody: { required: true, content: { "application/json": { schema: ref("BudgetUpdate") } } },
        responses: { "200": json("The budget, and warnings.", "BudgetWriteResponse"), ...errors("400", "401", "403", "404", "413", "429", "500") },
      },
      delete: {
        operationId: "deleteBudget",
        summary: "Delete a budget",
        description: "A budget with child budgets is refused (409); move or delete the children first.",
        "x-required-scope": "write",
        responses: { "204": { description: "Deleted." }, ...errors("400", "401", "403", "404", "409", "429", "500") },
      },
    },
    "/budgets/{id}/status": {
      parameters: [budgetId],
      get: {
        operationId: "getBudgetStatus",
        summary: "A budget's status now",
        description:
          "Spent (exact), effective amount (with rollover), remaining, percent, burn rate, forecast at the period end " +
          "with 80% and 95% intervals and the projected exhaustion date (approximate), the status word (ok, warning, " +
          "forecast_to_exceed, critical ≥ max(90, warn_at_percent) %, exceeded), unpriced events, past periods; per " +
          "subject for per-subject budgets.",
        "x-required-scope": "read",
        responses: { "200": json("The budget and its status.", "BudgetStatusResponse"), ...errors("400", "401", "403", "404", "429", "500") },
      },
    },
  };
}

const pathId = (what: string) => ({ name: "id", in: "path", required: true, description: `The ${what}'s id.`, schema: { type: "string", format: "uuid" } });

/** /check, /reservations/{id}[/release] and /approvals/{id} (lib/services/checks). */
function checkPaths() {
  return {
    "/check": {
      post: {
        operationId: "checkSpend",
        summary: "Ask before spending",
        description:
          "Prices the estimate (`estimated_cost`, or service + model + quantities from the catalog) and answers allow, " +
          "warn, deny or require_approval from every budget the call would count in (soft: warns, never denies; hard: " +
          "denies past the remaining amount; approval: creates an approval request). An estimate that cannot be priced " +
          "is never a silent allow (reason `unpriced_estimate`). With `reserve`, the estimate is held on those budgets " +
          "until an event with its `reservation_id` settles it, it is released, or it expires; concurrent checks never " +
          "together hold more than a hard budget has left. `idempotency_key` replays the stored answer.",
        "x-required-scope": "check",
        requestBody: { required: true, content: { "application/json": { schema: ref("CheckRequest") } } },
        responses: { "200": json("The decision, each matching budget, the reservation and approval.", "CheckResponse"), ...errors("400", "401", "403", "413", "429", "500") },
      },
    },
    "/reservations/{id}": {
      parameters: [pathId("reservation")],
      get: {
        operationId: "getReservation",
        summary: "A reservation's state",
        "x-required-scope": "read",
        responses: { "200": json("The reservation.", "ReservationResponse"), ...errors("401", "403", "404", "429", "500") },
      },
    },
    "/reservations/{id}/release": {
      parameters: [pathId("reservation")],
      post: {
        operationId: "releaseReservation",
        summary: "Give a hold back",
        description: "For a call that was not made. Only a held or waiting reservation can be released (409 otherwise).",
        "x-required-scope": "check",
        responses: { "200": json("The released reservation.", "ReservationResponse"), ...errors("401", "403", "404", "409", "429", "500") },
      },
    },
    "/approvals/{id}": {
      parameters: [pathId("approval request")],
      get: {
        operationId: "getApproval",
        summary: "Poll an approval request",
        description: "pending until an admin approves or denies it (or it expires after 24 hours). Once approved, its reservation (if one was asked for) is held.",
        "x-required-scope": "check",
        responses: { "200": json("The request.", "ApprovalResponse"), ...errors("401", "403", "404", "429", "500") },
      },
    },
  };
}
