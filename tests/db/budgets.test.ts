/**
 * Budget rules the database keeps on its own: a budget with a pending approval request is not
 * deleted (SG053) while a decided one no longer holds it, and deleting the organization still
 * takes everything with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("budgets"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

describe("deleting a budget", () => {
  it("waits for its pending approval requests to be decided", async () => {
    await trial(sql, async (t) => {
      const [budget] = await t.tx<{ id: string }[]>`
        insert into public.budgets (org_id, name, amount, currency, period, timezone, enforcement)
        values (${tenants.a.id}, 'Needs approval', '10', 'USD', '{"kind": "daily"}', 'UTC', 'approval') returning id`;
      const [approval] = await t.tx<{ id: string }[]>`
        insert into public.approvals (org_id, request, amount, budgets, expires_at)
        values (${tenants.a.id}, '{}', 5, ${t.tx.json([{ budget_id: budget.id, name: "Needs approval" }])}, now() + interval '1 day') returning id`;
      await t.expectRefused(tenants.a.admin, (tx) => tx`delete from public.budgets where id = ${budget.id}`, "SG053");
      await t.tx`update public.approvals set status = 'denied', reason = 'no', decided_at = now() where id = ${approval.id}`;
      await t.expectAllowed(tenants.a.admin, (tx) => tx`delete from public.budgets where id = ${budget.id}`);
    });
  });

  it("goes with its organization, pending requests and all", async () => {
    await trial(sql, async (t) => {
      const [budget] = await t.tx<{ id: string }[]>`
        insert into public.budgets (org_id, name, amount, currency, period, timezone)
        values (${tenants.b.id}, 'Doomed', '10', 'USD', '{"kind": "daily"}', 'UTC') returning id`;
      await t.tx`insert into public.approvals (org_id, request, amount, budgets, expires_at)
        values (${tenants.b.id}, '{}', 5, ${t.tx.json([{ budget_id: budget.id }])}, now() + interval '1 day')`;
      await t.expectAllowed(tenants.b.owner, (tx) => tx`delete from public.organizations where id = ${tenants.b.id}`);
      const [left] = await t.tx`select count(*)::int as n from public.budgets where id = ${budget.id}`;
      expect(left.n).toBe(0);
    });
  });
});
