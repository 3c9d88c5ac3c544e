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
    expect(Object.keys(document.paths).sort()).toEqual(["/events", "/openapi.json", "/spend"]);
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
});
