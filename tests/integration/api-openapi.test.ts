/** GET /api/v1/openapi.json: public, OpenAPI 3.1, and in step with the wrapper's error codes. */
import { describe, expect, it } from "vitest";
import { GET } from "../../app/api/v1/openapi.json/route.ts";
import { API_ERROR_STATUS } from "../../lib/api/errors.ts";

describe("the OpenAPI document", () => {
  it("describes the bearer key scheme, the error shape and the endpoints that exist", async () => {
    const response = GET(new Request("https://spend.example/api/v1/openapi.json"));
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document).toMatchObject({
      openapi: "3.1.0",
      servers: [{ url: "https://spend.example/api/v1" }],
      security: [{ apiKey: [] }],
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    });
    const error = document.components.schemas.Error;
    expect(error.required).toEqual(["error"]);
    expect(error.properties.error.required).toEqual(["code", "message"]);
    expect(error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(API_ERROR_STATUS).sort());
    expect(Object.keys(document.components.responses).sort()).toEqual(
      [...new Set(Object.values(API_ERROR_STATUS))].map(String).sort());
    expect(Object.keys(document.paths).sort()).toEqual([
      "/alert-action-runs", "/alert-action-runs/{id}", "/alert-actions", "/alert-actions/{id}", "/alert-rules", "/alert-rules/{id}", "/alerts", "/alerts/{id}/ack",
      "/approvals/{id}", "/budgets", "/budgets/{id}", "/budgets/{id}/status", "/check", "/events", "/openapi.json", "/reservations/{id}",
      "/reservations/{id}/release", "/spend"]);
    const ingest = document.paths["/events"].post;
    expect(ingest.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/IngestRequest" });
    expect(Object.keys(ingest.responses).sort()).toEqual(["200", "400", "401", "403", "413", "429", "500"]);
    expect(document.components.schemas.UsageEvent.required).toEqual(["id", "timestamp", "service", "model"]);
    expect(document.components.schemas.UsageEvent.additionalProperties).toBe(false);
    expect(document.paths["/openapi.json"].get.security).toEqual([]);
    const spend = document.paths["/spend"].get;
    expect(spend["x-required-scope"]).toBe("read");
    expect(spend.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/SpendResponse" });
    expect(spend.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ["end_user", "environment", "feature", "from", "granularity", "group_by", "model", "project", "service", "team", "to"]);
    expect(spend.parameters.every((p: { in: string; required: boolean }) => p.in === "query" && !p.required)).toBe(true);
    expect(spend.parameters.find((p: { name: string }) => p.name === "granularity").schema.enum).toEqual(["hour", "day", "month"]);
    expect(document.components.schemas.SpendResponse.properties.totals.properties.cost.type).toBe("string");
  });

  it("documents the budget endpoints with their scopes and schemas", async () => {
    const document = await GET(new Request("https://spend.example/api/v1/openapi.json")).json();
    const budgets = document.paths["/budgets"];
    expect(budgets.get["x-required-scope"]).toBe("read");
    expect(budgets.post["x-required-scope"]).toBe("write");
    expect(budgets.post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/BudgetCreate" });
    expect(Object.keys(document.paths["/budgets/{id}"]).sort()).toEqual(["delete", "get", "parameters", "patch"]);
    expect(document.paths["/budgets/{id}"].delete.responses["409"]).toEqual({ $ref: "#/components/responses/409" });
    expect(document.paths["/budgets/{id}/status"].get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/BudgetStatusResponse" });
    expect(document.components.schemas.BudgetCreate.required.sort()).toEqual(["amount", "name", "period"]);
    expect(document.components.schemas.Budget.properties.amount.type).toBe("string");
    const status = document.components.schemas.BudgetStatusResponse.properties;
    expect(status.budget).toEqual({ $ref: "#/components/schemas/Budget" });
    expect(status.status.properties.status.enum.sort()).toEqual(["critical", "exceeded", "forecast_to_exceed", "ok", "warning"]);
  });

  it("documents the pre-spend check, reservations and approvals", async () => {
    const document = await GET(new Request("https://spend.example/api/v1/openapi.json")).json();
    const check = document.paths["/check"].post;
    expect(check["x-required-scope"]).toBe("check");
    expect(check.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CheckRequest" });
    expect(document.components.schemas.CheckResponse.properties.decision.enum).toEqual(["allow", "warn", "require_approval", "deny"]);
    expect(document.paths["/approvals/{id}"].get["x-required-scope"]).toBe("check");
    expect(document.paths["/reservations/{id}"].get["x-required-scope"]).toBe("read");
    expect(document.paths["/reservations/{id}/release"].post.responses["409"]).toEqual({ $ref: "#/components/responses/409" });
    expect(document.components.schemas.UsageEvent.properties.reservation_id.format).toBe("uuid");
  });
});
