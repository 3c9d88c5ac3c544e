/**
 * The role rules of the tenancy migration, enforced by the database for a user acting through
 * SQL: an organization keeps an owner, only owners make or unmake owners, nobody adds a member
 * directly, members and viewers change nothing, admins run settings, only owners delete. Every
 * refusal also checks that no tenancy table changed.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceRole, trial, type Person, type Trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { acceptInvitation, addMember, invite, removeMember, renameOrg, revokeInvitation, roleIn, setRole, type Query } from "../helpers/tenancy-sql.ts";
import { actorNames, actorPerson, createTenants, dropTenants, newToken, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let a: Tenants["a"];

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("rules"));
  a = tenants.a;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

/**
 * How a refusal shows: `rls`, the new row fails a policy's check (42501 naming row-level
 * security); `denied`, the role holds no privilege for the command or column (42501, permission
 * denied, before any policy); `no rows`, the target is outside what the caller may touch, so the
 * statement silently matches nothing.
 */
type Refusal = "rls" | "denied" | "no rows";

async function expectRefusal(t: Trial, who: Person, run: (tx: TransactionSql) => Query, refusal: Refusal): Promise<void> {
  const outcome = await t.expectRefused(who, run, refusal === "no rows" ? "no rows" : "42501");
  if (refusal === "rls") expect(outcome).toMatchObject({ message: expect.stringMatching(/row-level security/) });
  if (refusal === "denied") expect(outcome).toMatchObject({ message: expect.stringMatching(/^permission denied for table/) });
}

describe("an organization keeps at least one owner (SG001)", () => {
  it("the last owner cannot leave", async () => {
    await trial(sql, (t) => t.expectRefused(a.owner, (tx) => removeMember(tx, a.id, a.owner.id), "SG001"));
  });

  it("the last owner cannot be removed, not even by service_role, which skips RLS", async () => {
    await trial(sql, (t) => t.expectRefused(serviceRole, (tx) => removeMember(tx, a.id, a.owner.id), "SG001"));
  });

  it("the last owner cannot be demoted, by themself or by service_role", async () => {
    await trial(sql, async (t) => {
      for (const who of [a.owner, serviceRole]) await t.expectRefused(who, (tx) => setRole(tx, a.id, a.owner.id, "admin"), "SG001");
    });
  });

  it("demoting every owner in one statement is judged by what is left", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.admin.id, "owner"));
      await t.expectRefused(a.owner, (tx) => tx`update public.memberships set role = 'admin' where org_id = ${a.id} and role = 'owner'`, "SG001");
    });
  });

  // With a second owner (the admin, promoted by the owner), each way out of ownership is open.
  const withAnotherOwner: { change: string; who: (t: Tenants) => Person; run: (tx: TransactionSql, t: Tenants) => Query; after: string | null }[] = [
    { change: "the first owner leaves", who: (t) => t.a.owner, run: (tx, t) => removeMember(tx, t.a.id, t.a.owner.id), after: null },
    { change: "the first owner steps down to admin", who: (t) => t.a.owner, run: (tx, t) => setRole(tx, t.a.id, t.a.owner.id, "admin"), after: "admin" },
    { change: "the new owner demotes the first", who: (t) => t.a.admin, run: (tx, t) => setRole(tx, t.a.id, t.a.owner.id, "member"), after: "member" },
    { change: "the new owner removes the first", who: (t) => t.a.admin, run: (tx, t) => removeMember(tx, t.a.id, t.a.owner.id), after: null },
  ];

  it.each(withAnotherOwner)("once another owner exists: $change", async ({ who, run, after }) => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.admin.id, "owner"));
      const rows = await t.expectAllowed(who(tenants), (tx) => run(tx, tenants));
      expect(rows.count).toBe(1);
      expect(await roleIn(t.tx, a.id, a.owner.id)).toBe(after);
      expect(await roleIn(t.tx, a.id, a.admin.id)).toBe("owner");
    });
  });
});

describe("only owners make or unmake owners", () => {
  const adminAttempts: { attempt: string; run: (tx: TransactionSql, t: Tenants) => Query; refusal: Refusal }[] = [
    { attempt: "promote a member to owner", run: (tx, t) => setRole(tx, t.a.id, t.a.member.id, "owner"), refusal: "rls" },
    { attempt: "promote themself to owner", run: (tx, t) => setRole(tx, t.a.id, t.a.admin.id, "owner"), refusal: "rls" },
    { attempt: "add someone as owner", run: (tx, t) => addMember(tx, t.a.id, t.outsider.id, "owner"), refusal: "denied" },
    { attempt: "invite an owner", run: (tx, t) => invite(tx, t.a.id, `new-owner.${t.tag}@example.test`, "owner"), refusal: "rls" },
    // The role an invitation offers is fixed once sent, for owners too (see below).
    { attempt: "turn a member invitation into an owner one", run: (tx, t) => tx`update public.invitations set role = 'owner' where id = ${t.a.invitation.id}`, refusal: "denied" },
    { attempt: "demote an owner", run: (tx, t) => setRole(tx, t.a.id, t.a.owner.id, "admin"), refusal: "no rows" },
    { attempt: "remove an owner", run: (tx, t) => removeMember(tx, t.a.id, t.a.owner.id), refusal: "no rows" },
  ];

  it.each(adminAttempts)("an admin cannot $attempt", async ({ run, refusal }) => {
    await trial(sql, (t) => expectRefusal(t, a.admin, (tx) => run(tx, tenants), refusal));
  });

  it("an owner makes owners by promoting a member or by inviting one, who accepts", async () => {
    await trial(sql, async (t) => {
      const token = newToken();
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.member.id, "owner"));
      // The outsider's pending invitation offers member and cannot be changed: revoke it, invite again.
      await t.expectAllowed(a.owner, (tx) => revokeInvitation(tx, a.invitation.id, a.owner.id));
      await t.expectAllowed(a.owner, (tx) => invite(tx, a.id, tenants.outsider.email, "owner", token));
      await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, token));
      expect(await roleIn(t.tx, a.id, a.member.id)).toBe("owner");
      expect(await roleIn(t.tx, a.id, tenants.outsider.id)).toBe("owner");
    });
  });

  it("an owner unmakes owners: demotes one, removes another", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.member.id, "owner"));
      await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.admin.id, "owner"));
      expect((await t.expectAllowed(a.owner, (tx) => setRole(tx, a.id, a.member.id, "admin"))).count).toBe(1);
      expect((await t.expectAllowed(a.owner, (tx) => removeMember(tx, a.id, a.admin.id))).count).toBe(1);
      expect(await roleIn(t.tx, a.id, a.member.id)).toBe("admin");
      expect(await roleIn(t.tx, a.id, a.admin.id)).toBeNull();
    });
  });

  it("an owner cannot change the role an invitation offers either: it is fixed once sent", async () => {
    await trial(sql, (t) => expectRefusal(t, a.owner, (tx) => tx`update public.invitations set role = 'owner' where id = ${a.invitation.id}`, "denied"));
  });

  it("admins still manage everyone below owner", async () => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(a.admin, (tx) => setRole(tx, a.id, a.member.id, "admin"))).count).toBe(1);
      expect((await t.expectAllowed(a.admin, (tx) => setRole(tx, a.id, a.viewer.id, "member"))).count).toBe(1);
      expect((await t.expectAllowed(a.admin, (tx) => removeMember(tx, a.id, a.subject.id))).count).toBe(1);
      expect([await roleIn(t.tx, a.id, a.member.id), await roleIn(t.tx, a.id, a.viewer.id), await roleIn(t.tx, a.id, a.subject.id)])
        .toEqual(["admin", "member", null]);
    });
  });
});

describe("members and viewers change nothing about the organization", () => {
  const attempts: { attempt: string; run: (tx: TransactionSql, t: Tenants, self: Person) => Query; refusal: Refusal }[] = [
    { attempt: "change someone's role", run: (tx, t) => setRole(tx, t.a.id, t.a.subject.id, "viewer"), refusal: "no rows" },
    { attempt: "promote themself", run: (tx, t, self) => setRole(tx, t.a.id, self.id, "admin"), refusal: "no rows" },
    { attempt: "add someone", run: (tx, t) => addMember(tx, t.a.id, t.outsider.id, "viewer"), refusal: "denied" },
    { attempt: "remove someone", run: (tx, t) => removeMember(tx, t.a.id, t.a.subject.id), refusal: "no rows" },
    { attempt: "invite someone", run: (tx, t) => invite(tx, t.a.id, `friend.${t.tag}@example.test`, "viewer"), refusal: "rls" },
    { attempt: "revoke an invitation", run: (tx, t, self) => tx`update public.invitations set revoked_at = now(), revoked_by = ${self.id} where id = ${t.a.invitation.id}`, refusal: "no rows" },
    { attempt: "rename the organization", run: (tx, t) => renameOrg(tx, t.a.id, "Hijacked"), refusal: "no rows" },
    { attempt: "change its currency and timezone", run: (tx, t) => tx`update public.organizations set base_currency = 'EUR', timezone = 'Europe/Paris' where id = ${t.a.id}`, refusal: "no rows" },
    { attempt: "delete it", run: (tx, t) => tx`delete from public.organizations where id = ${t.a.id}`, refusal: "no rows" },
  ];
  const cases = (["member", "viewer"] as const).flatMap((role) => attempts.map((a) => ({ role, ...a })));

  it.each(cases)("a $role cannot $attempt", async ({ role, run, refusal }) => {
    await trial(sql, (t) => expectRefusal(t, a[role], (tx) => run(tx, tenants, a[role]), refusal));
  });
});

describe("nobody adds a member directly: users join by creating an organization or accepting an invitation", () => {
  // Whoever asks, owners included: the outsider has not agreed to join org A (and, asking for
  // themself, holds no invitation), and nobody of org A belongs to org B. The grant refuses,
  // before any policy is consulted.
  it.each(actorNames)("the %s of org A cannot add the outsider to org A, nor themself to org B (permission denied)", async (name) => {
    await trial(sql, async (t) => {
      const actor = actorPerson(tenants, name);
      await expectRefusal(t, actor, (tx) => addMember(tx, a.id, tenants.outsider.id, "member"), "denied");
      await expectRefusal(t, actor, (tx) => addMember(tx, tenants.b.id, actor.id, "owner"), "denied");
    });
  });

  it("org B's owner cannot put the outsider into org B either", async () => {
    await trial(sql, (t) => expectRefusal(t, tenants.b.owner, (tx) => addMember(tx, tenants.b.id, tenants.outsider.id, "member"), "denied"));
  });

  it("an operator (service_role) can, e.g. for support", async () => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(serviceRole, (tx) => addMember(tx, a.id, tenants.outsider.id, "viewer"))).count).toBe(1);
      expect(await roleIn(t.tx, a.id, tenants.outsider.id)).toBe("viewer");
    });
  });
});

describe("organization settings and lifetime", () => {
  it("admins can rename it and change its timezone, retention, and currency while no usage is recorded", async () => {
    await trial(sql, async (t) => {
      await t.tx`delete from public.spend_rollups where org_id = ${a.id}`;
      await t.expectAllowed(a.admin, (tx) => tx`
        update public.organizations set name = 'Renamed', base_currency = 'EUR', timezone = 'Europe/Paris', retention_months = 6
        where id = ${a.id}`);
      const [org] = await t.tx`select name, base_currency, timezone, retention_months from public.organizations where id = ${a.id}`;
      expect(org).toEqual({ name: "Renamed", base_currency: "EUR", timezone: "Europe/Paris", retention_months: 6 });
    });
  });

  it("once usage is recorded, its base currency is fixed (SG040) — every stored cost is in it", async () => {
    await trial(sql, async (t) => {
      await t.expectRefused(a.owner, (tx) => tx`update public.organizations set base_currency = 'EUR' where id = ${a.id}`, "SG040");
      const [org] = await t.tx`select base_currency from public.organizations where id = ${a.id}`;
      expect(org.base_currency).toBe("USD");
    });
  });

  it("admins cannot delete it", async () => {
    await trial(sql, (t) => t.expectRefused(a.admin, (tx) => tx`delete from public.organizations where id = ${a.id}`, "no rows"));
  });

  it("an owner deletes it, and everything in it goes too, audit log included; org B is untouched", async () => {
    await trial(sql, async (t) => {
      const countsOf = (orgId: string) => t.tx<{ memberships: number; invitations: number; audit: number }[]>`
        select (select count(*)::int from public.memberships where org_id = ${orgId}) as memberships,
               (select count(*)::int from public.invitations where org_id = ${orgId}) as invitations,
               (select count(*)::int from public.audit_log where org_id = ${orgId}) as audit`;
      const [bBefore] = await countsOf(tenants.b.id);
      const [aBefore] = await countsOf(a.id);
      expect(aBefore.audit).toBeGreaterThan(0);

      expect((await t.expectAllowed(a.owner, (tx) => tx`delete from public.organizations where id = ${a.id}`)).count).toBe(1);

      expect((await countsOf(a.id))[0]).toEqual({ memberships: 0, invitations: 0, audit: 0 });
      expect((await countsOf(tenants.b.id))[0]).toEqual(bBefore);
    });
  });

  const leavers = ["member", "viewer", "admin"] as const;
  it.each(leavers)("a %s can leave", async (role) => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(a[role], (tx) => removeMember(tx, a.id, a[role].id))).count).toBe(1);
      expect(await roleIn(t.tx, a.id, a[role].id)).toBeNull();
    });
  });
});
