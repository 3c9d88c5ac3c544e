/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. It lists only endpoints that exist;
 * each new route adds its path here, with schemas generated from the same zod it validates with.
 */
import { z } from "zod";
import { API_KEY_SCOPES, SCOPE_SUMMARIES } from "@/lib/services/api-keys/scopes";
import { IngestRequest, IngestResponse, UsageEvent } from "@/lib/services/usage/schemas";
import { SPEND_MAX_RANGE_DAYS, SPEND_MAX_ROWS, SpendQueryParams, SpendResponse } from "@/lib/services/usage/spend-schemas";
import { API_ERROR_STATUS, ApiErrorBody } from "./errors";

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
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => {
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
