/**
 * /api/v1/budgets with real Requests through the wrapper and real keys: create, list, get, patch,
 * status and delete; scopes (read for GET, write for the rest); validation and nesting errors in
 * the one error shape; another organization's budget id is 404 and nothing changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { apiKeySecret, callRoute, teamOrg } from "./api-support.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { GET as list, POST as create } from "../../app/api/v1/budgets/route.ts";
import { DELETE as remove, GET as get, PATCH as patch } from "../../app/api/v1/budgets/[id]/route.ts";
import { GET as status } from "../../app/api/v1/budgets/[id]/status/route.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let orgA: OrgContext;
let orgB: OrgContext;
const keys: Record<string, string> = {};

beforeAll(async () => {
  [orgA, orgB] = [(await teamOrg(sql, "bapi-a")).owner, (await teamOrg(sql, "bapi-b")).owner];
  keys.read = await apiKeySecret(orgA, ["read"]);
  keys.write = await apiKeySecret(orgA, ["read", "write"]);
  keys.ingest = await apiKeySecret(orgA, ["ingest"]);
  keys.otherWrite = await apiKeySecret(orgB, ["read", "write"]);
  const response = await ingest(new Request("http://localhost/api/v1/events", {
    method: "POST",
    headers: { authorization: `Bearer ${keys.ingest}`, "content-type": "application/json" },
    body: JSON.stringify({ events: [
      { id: randomUUID(), timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "m", cost: "40.5", currency: "USD", team: "search" },
      { id: randomUUID(), timestamp: new Date(Date.now() - 30_000).toISOString(), service: "openai", model: "m", team: "search" },
    ] }),
  }));
  expect(response.status).toBe(200);
});

describe("/api/v1/budgets", () => {
  let id: string;

  it("creates with the write scope, lists, gets and reports status with read", async () => {
    const created = await callRoute(create, keys.write, "POST", "/budgets", {}, {
      name: "Search team", amount: "50", period: { kind: "monthly" }, scope: { team: "search" }, warn_at_percent: 75,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ budget: { name: "Search team", amount: "50", currency: "USD", timezone: "UTC", period: { kind: "monthly", startDay: 1 } }, warnings: [] });
    id = created.body.budget.id;

    expect((await callRoute(list, keys.read, "GET", "/budgets")).body.budgets.map((b: { id: string }) => b.id)).toEqual([id]);
    expect((await callRoute(get, keys.read, "GET", `/budgets/${id}`, { id })).body.budget.id).toBe(id);
    const now = await callRoute(status, keys.read, "GET", `/budgets/${id}/status`, { id });
    expect(now.status).toBe(200);
    // 40.5 of 50 is 81% ≥ the 75% warning line; the event without a price is counted as unpriced.
    expect(now.body.status).toMatchObject({ spent: "40.5", effective_amount: "50", remaining: "9.5", status: expect.stringMatching(/^(warning|forecast_to_exceed)$/), unpriced_events: 1, event_count: 2 });
    expect(now.body.status.history).toEqual([]);
  });

  it("refuses writes without the write scope, and every call for a key of another scope", async () => {
    const refused = await callRoute(create, keys.read, "POST", "/budgets", {}, { name: "x", amount: "1", period: { kind: "daily" } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden", details: { required_scope: "write" } } } });
    expect((await callRoute(patch, keys.read, "PATCH", `/budgets/${id}`, { id }, { amount: "1" })).status).toBe(403);
    expect((await callRoute(remove, keys.read, "DELETE", `/budgets/${id}`, { id })).status).toBe(403);
    expect((await callRoute(list, keys.ingest, "GET", "/budgets")).status).toBe(403);
  });

  it("answers bad input and nesting overflow as 400 with a clear message", async () => {
    const bad = await callRoute(create, keys.write, "POST", "/budgets", {}, { name: "x", amount: "-1", period: { kind: "fortnightly" }, timezone: "Nowhere/City" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path[0]).sort()).toEqual(["amount", "period", "timezone"]);
    const overflow = await callRoute(create, keys.write, "POST", "/budgets", {}, { name: "Too big", amount: "60", period: { kind: "monthly" }, parent_id: id });
    expect(overflow).toMatchObject({ status: 400, body: { error: { code: "validation_failed", message: expect.stringContaining("10 over") } } });
  });

  it("answers 404 for another organization's budget and changes nothing", async () => {
    const before = await sql`select * from public.budgets where id = ${id}`;
    for (const [handler, method, path, body] of [
      [get, "GET", `/budgets/${id}`, undefined],
      [status, "GET", `/budgets/${id}/status`, undefined],
      [patch, "PATCH", `/budgets/${id}`, { amount: "1" }],
      [remove, "DELETE", `/budgets/${id}`, undefined],
    ] as const) {
      const answer = await callRoute(handler, keys.otherWrite, method, path, { id }, body);
      expect(answer).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect(await sql`select * from public.budgets where id = ${id}`).toEqual(before);
    expect((await callRoute(list, keys.otherWrite, "GET", "/budgets")).body.budgets).toEqual([]);
  });

  it("patches only the fields sent and deletes", async () => {
    const changed = await callRoute(patch, keys.write, "PATCH", `/budgets/${id}`, { id }, { amount: "100", enforcement: "hard" });
    expect(changed).toMatchObject({ status: 200, body: { budget: { amount: "100", enforcement: "hard", name: "Search team", scope: { team: "search" } } } });
    expect((await callRoute(status, keys.read, "GET", `/budgets/${id}/status`, { id })).body.status).toMatchObject({ spent: "40.5", remaining: "59.5" });
    expect((await callRoute(remove, keys.write, "DELETE", `/budgets/${id}`, { id })).status).toBe(204);
    expect((await callRoute(get, keys.read, "GET", `/budgets/${id}`, { id })).status).toBe(404);
  });
});
