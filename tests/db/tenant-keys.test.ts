/**
 * A row never moves between organizations, and a membership never changes hands: the tenant key
 * (org_id; organizations.id) and memberships.user_id are fixed by triggers (SG010), so not even
 * an owner or service_role — which skips RLS — can change them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceRole, trial, type Caller, type Person } from "../helpers/acting.ts";
import { accessSpec, type SpecContext } from "../helpers/access-spec.ts";
import { connect } from "../helpers/db.ts";
import { tenantTables, whereAll } from "../helpers/isolation.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
const tables = (await tenantTables(sql)).filter(({ table }) => table in accessSpec);
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("keys"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const ctxFor = (actor: Person): SpecContext => ({ tenants, org: tenants.a, actor, crossTenant: false });

describe("tenant keys", () => {
  it.each(tables)("public.$table declares its key $key immutable in the access spec", ({ table, key }) => {
    expect(Object.keys(accessSpec[table].immutable(ctxFor(tenants.a.owner)))).toContain(key);
  });

  it("include memberships.user_id: a membership is never handed to someone else", () => {
    expect(Object.keys(accessSpec.memberships.immutable(ctxFor(tenants.a.owner)))).toContain("user_id");
  });

  const callers = ["owner of org A", "service_role"] as const;
  const cases = tables.flatMap(({ table }) => callers.map((caller) => ({ table, caller })));

  it.each(cases)("public.$table: $caller cannot change them", async ({ table, caller }) => {
    const spec = accessSpec[table];
    const who: Caller | Person = caller === "service_role" ? serviceRole : tenants.a.owner;
    await trial(sql, async (t) => {
      const ctx = ctxFor(tenants.a.owner);
      for (const [column, value] of Object.entries(spec.immutable(ctx))) {
        // Where the caller may not update the column at all, the grant refuses first (audit_log:
        // its own test for SG011; invitations.org_id: users update only a few columns).
        const [{ granted }] = await t.tx<{ granted: boolean }[]>`
          select has_column_privilege(${caller === "service_role" ? "service_role" : "authenticated"}, ${`public.${table}`}, ${column}, 'UPDATE') as granted`;
        const expected = granted ? "SG010" : "42501";
        const outcome = await t.expectRefused(who, (tx) =>
          tx`update ${tx(`public.${table}`)} set ${tx({ [column]: value })} where ${whereAll(tx, spec.target(ctx))}`, expected);
        if (expected === "SG010") expect(outcome).toMatchObject({ message: `${table}.${column} cannot be changed` });
      }
    });
  });
});
