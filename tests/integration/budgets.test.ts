/**
 * Budget services against the real stack, as signed-in users under RLS: create (ledgers rebuilt
 * from stored events, the base currency, the org's zone by default, a warning for a scope that
 * matches nothing), update (recount on a scope change), delete (refused with children), list and
 * status; roles (viewers read, members and viewers cannot write); nesting errors as messages;
 * another organization's budget is not found and nothing changes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg } from "./api-support.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget, NO_USAGE_WARNING } from "../../lib/services/budgets/create-budget.ts";
import { deleteBudget } from "../../lib/services/budgets/delete-budget.ts";
import { getBudget } from "../../lib/services/budgets/get-budget.ts";
import { getBudgetStatus } from "../../lib/services/budgets/get-budget-status.ts";
import { listBudgets } from "../../lib/services/budgets/list-budgets.ts";
import { updateBudget } from "../../lib/services/budgets/update-budget.ts";
import { ingestEvents } from "../../lib/services/usage/ingest-events.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let admin: OrgContext;
let member: OrgContext;
let viewer: OrgContext;
let other: OrgContext;

const now = Date.now();
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
const ev = (timestamp: string, service: string, cost: string, extra: Record<string, unknown> = {}) => ({
  id: `b-${randomUUID()}`, timestamp, service, model: "m-1", cost, currency: "USD", ...extra,
});

beforeAll(async () => {
  const team = await teamOrg(sql, "budgets");
  admin = team.owner;
  member = await team.as("member");
  viewer = await team.as("viewer");
  other = (await teamOrg(sql, "budgets-other")).owner;
  // Within today in UTC (the org's zone) would flake near midnight; the monthly period holds the last hours either way
  // except right after a month starts, so the events go at the current instant minus minutes.
  const result = await ingestEvents({ org: admin.org, source: "api", apiKeyId: null, userId: null }, [
    ev(hoursAgo(0.1), "openai", "10.50", { end_user: "alice" }),
    ev(hoursAgo(0.05), "openai", "2.25", { end_user: "bob" }),
    ev(hoursAgo(0.02), "anthropic", "4", { end_user: "alice" }),
  ]);
  expect(result.accepted).toBe(3);
});

describe("budget services", () => {
  it("create a budget in the base currency and the org's zone, counting stored events at once", async () => {
    const { budget, warnings } = await createBudget(byUser(admin), { name: "OpenAI monthly", amount: "100", period: { kind: "monthly", startDay: 1 }, scope: { service: "openai" } });
    expect(budget).toMatchObject({ currency: "USD", timezone: "UTC", amount: "100", enforcement: "soft", warn_at_percent: 80, rollover: false, per: null });
    expect(warnings).toEqual([]);
    const { status } = await getBudgetStatus(byUser(viewer), budget.id);
    expect(status).toMatchObject({ spent: "12.75", effective_amount: "100", remaining: "87.25", event_count: 2, unpriced_events: 0 });
    // Spent is far from every line; only the forecast may object, and that depends on the hour the
    // suite runs (right after midnight, the minutes-old events make yesterday a $12.75 day).
    expect(["ok", "forecast_to_exceed"]).toContain(status.status);
    expect(status.percent).toBeCloseTo(12.8, 1);
  });

  it("warn, not fail, when the scope matches no usage so far", async () => {
    const { budget, warnings } = await createBudget(byUser(admin), { name: "Nothing yet", amount: "5", period: { kind: "daily" }, scope: { service: "nobody" } });
    expect(warnings).toEqual([NO_USAGE_WARNING]);
    expect((await getBudgetStatus(byUser(admin), budget.id)).status).toMatchObject({ spent: "0", status: "ok" });
  });

  it("keep per-subject budgets per subject, worst subject first", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "Each user", amount: "12", period: { kind: "monthly", startDay: 1 }, per: "end_user", warn_at_percent: 50 });
    const { status } = await getBudgetStatus(byUser(admin), budget.id);
    expect(status.subjects).toEqual([
      expect.objectContaining({ subject: "alice", spent: "14.5", status: "exceeded", remaining: "0" }),
      expect.objectContaining({ subject: "bob", spent: "2.25", status: "ok" }),
    ]);
    expect(status).toMatchObject({ status: "exceeded", spent: "16.75", subject_count: 2 });
  });

  it("recount the ledgers when the scope changes, and report exceeded", async () => {
    const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
    const period = { kind: "custom" as const, startDate: day(-1), endDate: day(1) };
    const { budget } = await createBudget(byUser(admin), { name: "Switch", amount: "3", period, scope: { service: "openai" } });
    expect((await getBudgetStatus(byUser(admin), budget.id)).status).toMatchObject({ spent: "12.75", status: "exceeded" });
    const updated = await updateBudget(byUser(admin), budget.id, { scope: { service: "anthropic" }, amount: "4" });
    expect(updated.budget).toMatchObject({ scope: { service: "anthropic" }, amount: "4" });
    expect((await getBudgetStatus(byUser(admin), budget.id)).status).toMatchObject({ spent: "4", status: "critical", remaining: "0" });
  });

  it("validate input with clear messages", async () => {
    const create = (input: Record<string, unknown>) => createBudget(byUser(admin), { name: "Bad", amount: "10", period: { kind: "daily" }, ...input });
    await expect(create({ amount: "-5" })).rejects.toMatchObject({ code: "invalid", fieldErrors: { amount: [expect.stringContaining("plain number")] } });
    await expect(create({ amount: "1e13" })).rejects.toMatchObject({ code: "invalid" });
    await expect(create({ amount: "0" })).rejects.toMatchObject({ code: "invalid", message: "The amount must be more than 0." });
    await expect(create({ timezone: "Mars/Olympus" })).rejects.toMatchObject({ code: "invalid", message: "That time zone does not exist." });
    await expect(create({ period: { kind: "custom", startDate: "2026-05-02", endDate: "2026-05-01" } })).rejects.toMatchObject({ code: "invalid" });
    await expect(create({ rollover_cap: "5" })).rejects.toMatchObject({ code: "invalid", message: "A rollover cap needs rollover turned on." });
  });

  it("surface nesting errors as messages naming the overflow, and refuse deleting a parent", async () => {
    const { budget: parent } = await createBudget(byUser(admin), { name: "Parent", amount: "100", period: { kind: "monthly", startDay: 1 } });
    const { budget: child } = await createBudget(byUser(admin), { name: "Child A", amount: "70", period: { kind: "monthly", startDay: 1 }, parent_id: parent.id });
    await expect(createBudget(byUser(admin), { name: "Child B", amount: "50", period: { kind: "monthly", startDay: 1 }, parent_id: parent.id }))
      .rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("20 over") });
    await expect(createBudget(byUser(admin), { name: "Daily child", amount: "5", period: { kind: "daily" }, parent_id: parent.id }))
      .rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("parent's period") });
    await expect(updateBudget(byUser(admin), parent.id, { amount: "60" })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("10 over") });
    await expect(updateBudget(byUser(admin), parent.id, { parent_id: child.id })).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("circle") });
    await expect(deleteBudget(byUser(admin), parent.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("child budgets") });
    await deleteBudget(byUser(admin), child.id);
    await deleteBudget(byUser(admin), parent.id);
    await expect(getBudget(byUser(admin), parent.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("let viewers read and refuse members and viewers any change", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "Roles", amount: "10", period: { kind: "daily" } });
    expect((await listBudgets(byUser(viewer))).map((b) => b.id)).toContain(budget.id);
    for (const ctx of [member, viewer]) {
      await expect(createBudget(byUser(ctx), { name: "No", amount: "1", period: { kind: "daily" } })).rejects.toMatchObject({ code: "forbidden" });
      await expect(updateBudget(byUser(ctx), budget.id, { amount: "1" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(deleteBudget(byUser(ctx), budget.id)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await getBudget(byUser(admin), budget.id)).amount).toBe("10");
  });

  it("answer not found for another organization's budget, and change nothing", async () => {
    const { budget } = await createBudget(byUser(admin), { name: "Mine", amount: "10", period: { kind: "daily" } });
    const before = await sql`select * from public.budgets where id = ${budget.id}`;
    await expect(getBudget(byUser(other), budget.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getBudgetStatus(byUser(other), budget.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateBudget(byUser(other), budget.id, { amount: "1" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteBudget(byUser(other), budget.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(createBudget(byUser(other), { name: "Steal", amount: "1", period: { kind: "daily" }, parent_id: budget.id }))
      .rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("parent budget does not exist") });
    expect(await sql`select * from public.budgets where id = ${budget.id}`).toEqual(before);
    expect(await listBudgets(byUser(other))).toEqual([]);
  });
});
