/**
 * Who sees whom: private.org_members(org) gives emails to members of that organization only,
 * and access follows the membership row on every statement, so a session outlives nothing: a
 * removed member with a still-valid token sees nothing more, a demoted admin loses admin rights.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, trial, type Person } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { addMember, invite, removeMember, renameOrg, setRole, type Query } from "../helpers/tenancy-sql.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let a: Tenants["a"];

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("members"));
  a = tenants.a;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const orgMembers = (tx: TransactionSql, orgId: string) =>
  tx<{ user_id: string; email: string; full_name: string; role: string }[]>`select * from private.org_members(${orgId})`;

describe("private.org_members", () => {
  const readers: { who: string; person: () => Person; sees: boolean }[] = [
    { who: "the owner", person: () => a.owner, sees: true },
    { who: "an admin", person: () => a.admin, sees: true },
    { who: "a member", person: () => a.member, sees: true },
    { who: "a viewer", person: () => a.viewer, sees: true },
    { who: "the outsider", person: () => tenants.outsider, sees: false },
    { who: "org B's owner", person: () => tenants.b.owner, sees: false },
  ];

  it.each(readers)("$who of org A: every member with email and name, or nothing", async ({ person, sees }) => {
    await trial(sql, async (t) => {
      const rows = await t.expectAllowed(person(), (tx) => orgMembers(tx, a.id));
      const everyone = [a.owner, a.admin, a.member, a.viewer, a.subject];
      if (!sees) return expect(rows.count).toBe(0);
      expect(rows.map((r) => r.email).sort()).toEqual(everyone.map((p) => p.email).sort());
      expect(rows.find((r) => r.user_id === a.owner.id)).toMatchObject({ role: "owner", full_name: `owner-a ${tenants.tag}` });
    });
  });

  it("is refused to anon", async () => {
    await trial(sql, (t) => t.expectRefused(anon, (tx) => orgMembers(tx, a.id), "42501"));
  });
});

describe("a removed member's open session", () => {
  // Everything a member could read or do, tried again with the same claims after removal.
  const reads: { what: string; run: (tx: TransactionSql, t: Tenants) => Query }[] = [
    { what: "the organization", run: (tx, t) => tx`select * from public.organizations where id = ${t.a.id}` },
    { what: "its memberships", run: (tx, t) => tx`select * from public.memberships where org_id = ${t.a.id}` },
    { what: "its members' emails", run: (tx, t) => orgMembers(tx, t.a.id) },
    { what: "its invitations", run: (tx, t) => tx`select * from public.invitations where org_id = ${t.a.id}` },
    { what: "its audit log", run: (tx, t) => tx`select * from public.audit_log where org_id = ${t.a.id}` },
  ];

  it.each(reads)("sees nothing of $what", async ({ run }) => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(a.admin, (tx) => run(tx, tenants))).count, "the admin before").toBeGreaterThan(0);
      await t.expectAllowed(a.owner, (tx) => removeMember(tx, a.id, a.admin.id));
      expect((await t.expectAllowed(a.admin, (tx) => run(tx, tenants))).count).toBe(0);
    });
  });

  it("changes nothing", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.owner, (tx) => removeMember(tx, a.id, a.admin.id));
      await t.expectRefused(a.admin, (tx) => renameOrg(tx, a.id, "Still here"), "no rows");
      await t.expectRefused(a.admin, (tx) => setRole(tx, a.id, a.member.id, "viewer"), "no rows");
      await t.expectRefused(a.admin, (tx) => invite(tx, a.id, `back-door.${tenants.tag}@example.test`, "admin"), "42501");
      // Nobody adds a member directly, themself included: the grant refuses before any policy.
      const rejoin = await t.expectRefused(a.admin, (tx) => addMember(tx, a.id, a.admin.id, "admin"), "42501");
      expect(rejoin).toMatchObject({ message: expect.stringMatching(/^permission denied for table memberships/) });
    });
  });
});

describe("a demoted admin", () => {
  it("loses admin rights on the next statement", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.admin.id, "viewer"));
      expect((await t.expectAllowed(a.admin, (tx) => tx`select * from public.invitations where org_id = ${a.id}`)).count).toBe(0);
      await t.expectRefused(a.admin, (tx) => renameOrg(tx, a.id, "Still admin?"), "no rows");
      await t.expectRefused(a.admin, (tx) => setRole(tx, a.id, a.admin.id, "admin"), "no rows");
    });
  });
});
