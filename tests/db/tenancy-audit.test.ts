/**
 * The audit log: triggers write one row per changed row of organizations, memberships and
 * invitations, in the same transaction, naming the actor from the JWT claims ('system' without);
 * nobody rewrites it, and only admins and owners of the organization read it.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, serviceRole, tableOwner, trial, type Caller, type Person } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { acceptInvitation, addMember, createOrg, invite, removeMember, renameOrg, resendInvitation, revokeInvitation, setRole, type Query } from "../helpers/tenancy-sql.ts";
import { actorNames, actorPerson, createTenants, dropTenants, isAtLeast, roleOf, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let a: Tenants["a"];

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("audit"));
  a = tenants.a;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

type AuditRow = {
  org_id: string; actor_type: string; actor_id: string | null; actor_label: string | null;
  action: string; entity_type: string; entity_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
};

async function lastAuditId(tx: TransactionSql): Promise<number> {
  const [{ id }] = await tx<{ id: number }[]>`select coalesce(max(id), 0)::int as id from public.audit_log`;
  return id;
}

function auditSince(tx: TransactionSql, id: number) {
  return tx<AuditRow[]>`
    select org_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after
    from public.audit_log where id > ${id} order by id`;
}

const newOrgId = "6f1d3c1e-0000-4000-8000-000000000001";

// Each change, who makes it, and the audit rows it must write (one per row changed).
const changes: { change: string; who: (t: Tenants) => Person; run: (tx: TransactionSql, t: Tenants) => Query; expected: (t: Tenants) => Partial<AuditRow>[] }[] = [
  {
    change: "creating an organization", who: (t) => t.outsider, run: (tx, t) => createOrg(tx, { id: newOrgId, name: "Newco", slug: `${t.tag}-newco` }),
    expected: (t) => [
      { org_id: newOrgId, action: "organization.created", entity_id: newOrgId, before: null, after: expect.objectContaining({ slug: `${t.tag}-newco` }) },
      { org_id: newOrgId, action: "membership.created", entity_id: t.outsider.id, after: expect.objectContaining({ role: "owner" }) },
    ],
  },
  {
    change: "renaming it", who: (t) => t.a.admin, run: (tx, t) => renameOrg(tx, t.a.id, "Renamed"),
    expected: (t) => [{ action: "organization.updated", entity_id: t.a.id, before: expect.objectContaining({ name: t.a.name }), after: expect.objectContaining({ name: "Renamed" }) }],
  },
  {
    change: "changing a role", who: (t) => t.a.admin, run: (tx, t) => setRole(tx, t.a.id, t.a.subject.id, "viewer"),
    expected: (t) => [{ action: "membership.role_changed", entity_id: t.a.subject.id, before: expect.objectContaining({ role: "member" }), after: expect.objectContaining({ role: "viewer" }) }],
  },
  {
    change: "leaving", who: (t) => t.a.member, run: (tx, t) => removeMember(tx, t.a.id, t.a.member.id),
    expected: (t) => [{ action: "membership.deleted", entity_id: t.a.member.id, before: expect.objectContaining({ role: "member" }), after: null }],
  },
  {
    change: "inviting", who: (t) => t.a.admin, run: (tx, t) => invite(tx, t.a.id, `new.${t.tag}@example.test`, "viewer"),
    expected: (t) => [{ action: "invitation.created", entity_type: "invitation", before: null, after: expect.objectContaining({ email: `new.${t.tag}@example.test`, invited_by: t.a.admin.id }) }],
  },
  {
    change: "revoking an invitation", who: (t) => t.a.admin, run: (tx, t) => revokeInvitation(tx, t.a.invitation.id, t.a.admin.id),
    expected: (t) => [{ action: "invitation.revoked", entity_id: t.a.invitation.id, after: expect.objectContaining({ revoked_by: t.a.admin.id }) }],
  },
  {
    change: "resending an invitation with a fresh token", who: (t) => t.a.admin, run: (tx, t) => resendInvitation(tx, t.a.invitation.id),
    expected: (t) => [{ action: "invitation.resent", entity_id: t.a.invitation.id, before: expect.objectContaining({ send_count: 1 }), after: expect.objectContaining({ send_count: 2 }) }],
  },
  {
    change: "extending an invitation", who: (t) => t.a.admin,
    run: (tx, t) => tx`update public.invitations set expires_at = expires_at + interval '1 day' where id = ${t.a.invitation.id}`,
    expected: (t) => [{ action: "invitation.updated", entity_id: t.a.invitation.id }],
  },
  // How a user joins (besides creating an organization): there is no adding a member directly.
  {
    change: "accepting an invitation", who: (t) => t.outsider, run: (tx, t) => acceptInvitation(tx, t.a.invitation.token),
    expected: (t) => [
      { action: "membership.created", entity_id: t.outsider.id, after: expect.objectContaining({ role: "member" }) },
      { action: "invitation.accepted", entity_id: t.a.invitation.id, after: expect.objectContaining({ accepted_by: t.outsider.id }) },
    ],
  },
];

describe("every change writes its audit rows in the same transaction", () => {
  it.each(changes)("$change", async ({ who, run, expected }) => {
    await trial(sql, async (t) => {
      const mark = await lastAuditId(t.tx);
      const actor = who(tenants);
      await t.expectAllowed(actor, (tx) => run(tx, tenants));
      const rows = await auditSince(t.tx, mark);
      const want = expected(tenants);
      expect(rows).toHaveLength(want.length);
      want.forEach((row, i) => expect(rows[i]).toMatchObject({ org_id: a.id, actor_type: "user", actor_id: actor.id, actor_label: actor.email, ...row }));
      for (const row of rows) {
        expect(row.entity_type).toBe(row.action.split(".")[0]);
        for (const image of [row.before, row.after]) expect(image ?? {}).not.toHaveProperty("token_hash");
      }
    });
  });

  const anonymousActors: { who: string; caller: Caller | null; claims?: Record<string, unknown>; expected: Partial<AuditRow> }[] = [
    { who: "no claims (a migration, a job)", caller: null, expected: { actor_type: "system", actor_id: null, actor_label: null } },
    { who: "service_role", caller: serviceRole, expected: { actor_type: "system", actor_id: null, actor_label: null } },
    {
      who: "an API key", caller: { role: "service_role", claims: { role: "service_role", api_key_id: "0c3a4d5e-0000-4000-8000-0000000000aa", api_key_name: "ci" } },
      expected: { actor_type: "api_key", actor_id: "0c3a4d5e-0000-4000-8000-0000000000aa", actor_label: "ci" },
    },
  ];

  it.each(anonymousActors)("names the actor for $who", async ({ caller, expected }) => {
    await trial(sql, async (t) => {
      const mark = await lastAuditId(t.tx);
      if (caller) await t.expectAllowed(caller, (tx) => renameOrg(tx, a.id, "Renamed"));
      else await renameOrg(t.tx, a.id, "Renamed");
      expect(await auditSince(t.tx, mark)).toEqual([expect.objectContaining({ action: "organization.updated", ...expected })]);
    });
  });

  it("an operator adding a member directly (service_role) is recorded as the system", async () => {
    await trial(sql, async (t) => {
      const mark = await lastAuditId(t.tx);
      await t.expectAllowed(serviceRole, (tx) => addMember(tx, a.id, tenants.outsider.id, "viewer"));
      expect(await auditSince(t.tx, mark)).toEqual([expect.objectContaining({
        org_id: a.id, actor_type: "system", actor_id: null, actor_label: null,
        action: "membership.created", entity_id: tenants.outsider.id, before: null, after: expect.objectContaining({ role: "viewer" }),
      })]);
    });
  });

  it("a change that changes nothing writes nothing", async () => {
    await trial(sql, async (t) => {
      const mark = await lastAuditId(t.tx);
      expect((await t.expectAllowed(a.admin, (tx) => tx`update public.organizations set name = name where id = ${a.id}`)).count).toBe(1);
      expect(await auditSince(t.tx, mark)).toEqual([]);
    });
  });

  it("is readable inside the change's transaction and goes with it on rollback", async () => {
    const name = `Rolled back ${tenants.tag}`;
    const rollback = new Error("roll back");
    await sql.begin(async (tx) => {
      await actAs(tx, a.admin);
      await renameOrg(tx, a.id, name);
      const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from public.audit_log where org_id = ${a.id} and after ->> 'name' = ${name}`;
      expect(n).toBe(1);
      throw rollback;
    }).catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.audit_log where after ->> 'name' = ${name}`;
    expect(n).toBe(0);
  });
});

describe("the audit log is append-only", () => {
  const rewrites: { how: string; run: (tx: TransactionSql, orgId: string) => Query }[] = [
    { how: "update", run: (tx, orgId) => tx`update public.audit_log set action = 'organization.tampered' where org_id = ${orgId}` },
    { how: "delete", run: (tx, orgId) => tx`delete from public.audit_log where org_id = ${orgId}` },
  ];
  const rewriters: { who: string; as: () => Person | Caller | "superuser"; code: string }[] = [
    { who: "the table owner", as: () => tableOwner, code: "SG011" },
    { who: "the superuser", as: () => "superuser", code: "SG011" },
    { who: "service_role", as: () => serviceRole, code: "42501" },
    { who: "an owner of the organization", as: () => a.owner, code: "42501" },
  ];
  const cases = rewriters.flatMap((r) => rewrites.map((w) => ({ ...r, ...w })));

  it.each(cases)("$who cannot $how it ($code)", async ({ as, code, run }) => {
    await trial(sql, async (t) => {
      const who = as();
      if (who !== "superuser") return t.expectRefused(who, (tx) => run(tx, a.id), code);
      // The trial's own connection is the superuser's: no role to switch to.
      const before = await t.fingerprint();
      await expect(t.tx.savepoint((sp) => run(sp, a.id))).rejects.toMatchObject({ code });
      expect(await t.fingerprint()).toEqual(before);
    });
  });
});

describe("reading the audit log", () => {
  it.each(actorNames)("%s of org A: all of org A's rows if admin or owner, none otherwise, never org B's", async (name) => {
    await trial(sql, async (t) => {
      const role = roleOf(name);
      const [{ total }] = await t.tx<{ total: number }[]>`select count(*)::int as total from public.audit_log where org_id = ${a.id}`;
      const seen = await t.expectAllowed(actorPerson(tenants, name), (tx) => tx<{ org_id: string }[]>`select org_id from public.audit_log`);
      const ofA = seen.filter((row) => row.org_id === a.id).length;
      expect(ofA).toBe(role !== null && isAtLeast(role, "admin") ? total : 0);
      expect(seen.length - ofA, "rows of other organizations").toBe(0);
    });
  });
});
