/**
 * Invitations: accepting through private.accept_invitation(token) as the signed-in invitee,
 * previewing through private.invitation_preview(token) as service_role, one pending invitation
 * per organization and email, and a history that only moves forward (SG012): revoking and
 * resending are the only changes users make, accepted and revoked are final, and who invited,
 * accepted or revoked is not editable. Org A's fixture invitation is for the outsider, as member.
 */
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { anon, claimsOf, serviceRole, tableOwner, trial, user, type Caller, type Person, type Trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { acceptInvitation, invite, resendInvitation, revokeInvitation, roleIn } from "../helpers/tenancy-sql.ts";
import { createTenants, dropTenants, newToken, roles, tokenHash, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;
let a: Tenants["a"];

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("invites"));
  a = tenants.a;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

/** As the superuser, inside the trial: put org A's invitation into a given state. */
const expire = (tx: TransactionSql) => tx`update public.invitations set expires_at = now() - interval '1 second' where id = ${a.invitation.id}`;
const revoke = (tx: TransactionSql) => tx`update public.invitations set revoked_at = now() where id = ${a.invitation.id}`;

describe("accepting an invitation", () => {
  it("joins the invitee with the invited role, and the link then stops working", async () => {
    await trial(sql, async (t) => {
      const [joined] = await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token));
      expect(joined.org_id).toBe(a.id);
      expect(await roleIn(t.tx, a.id, tenants.outsider.id)).toBe(a.invitation.role);
      const [invitation] = await t.tx`select accepted_by, accepted_at is not null as accepted from public.invitations where id = ${a.invitation.id}`;
      expect(invitation).toEqual({ accepted_by: tenants.outsider.id, accepted: true });

      await t.expectRefused(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token), "SG022");
    });
  });

  it.each(roles)("to the %s role gives exactly that role", async (role) => {
    await trial(sql, async (t) => {
      const token = newToken();
      await t.expectAllowed(tenants.b.owner, (tx) => invite(tx, tenants.b.id, tenants.outsider.email, role, token));
      await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, token));
      expect(await roleIn(t.tx, tenants.b.id, tenants.outsider.id)).toBe(role);
    });
  });

  it("matches the email whatever its case in the token", async () => {
    await trial(sql, async (t) => {
      const shouting = user(tenants.outsider, { ...claimsOf(tenants.outsider), email: tenants.outsider.email.toUpperCase() });
      await t.expectAllowed(shouting, (tx) => acceptInvitation(tx, a.invitation.token));
    });
  });

  const tampered = () => {
    const token = a.invitation.token;
    return token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  };
  const refusals: { why: string; code: string; who: () => Person | Caller; token: () => string; setup?: (tx: TransactionSql) => Promise<unknown> }[] = [
    { why: "a forged token", code: "SG020", who: () => tenants.outsider, token: () => newToken() },
    { why: "a tampered token", code: "SG020", who: () => tenants.outsider, token: tampered },
    { why: "the token's hash instead of the token", code: "SG020", who: () => tenants.outsider, token: () => tokenHash(a.invitation.token) },
    { why: "a revoked invitation", code: "SG021", who: () => tenants.outsider, token: () => a.invitation.token, setup: revoke },
    { why: "an expired invitation", code: "SG023", who: () => tenants.outsider, token: () => a.invitation.token, setup: expire },
    { why: "someone else's email", code: "SG024", who: () => tenants.b.owner, token: () => a.invitation.token },
    {
      why: "a token without an email claim",
      code: "SG024",
      who: () => user(tenants.outsider, { sub: tenants.outsider.id, role: "authenticated" }),
      token: () => a.invitation.token,
    },
    {
      why: "someone already a member",
      code: "SG025",
      who: () => a.member,
      token: () => "member-token",
      setup: (tx) => tx`
        insert into public.invitations (org_id, email, role, token_hash, expires_at)
        values (${a.id}, ${a.member.email}, 'admin', ${tokenHash("member-token")}, now() + interval '1 day')`,
    },
    { why: "no signed-in user", code: "28000", who: () => ({ role: "authenticated", claims: null }), token: () => a.invitation.token },
    { why: "anon", code: "42501", who: () => anon, token: () => a.invitation.token },
  ];

  it.each(refusals)("is refused ($code) for $why, changing nothing", async ({ code, who, token, setup }) => {
    await trial(sql, async (t) => {
      if (setup) await setup(t.tx);
      await t.expectRefused(who(), (tx) => acceptInvitation(tx, token()), code);
    });
  });
});

describe("invitation_preview", () => {
  const preview = (tx: TransactionSql, token: string) => tx`select * from private.invitation_preview(${token})`;

  it("is refused to signed-in users: it is for the server, before anyone signs in", async () => {
    await trial(sql, async (t) => {
      await t.expectRefused(tenants.outsider, (tx) => preview(tx, a.invitation.token), "42501");
      await t.expectRefused(a.owner, (tx) => preview(tx, a.invitation.token), "42501");
    });
  });

  const states: { status: string; setup: (tx: TransactionSql) => Promise<unknown> }[] = [
    { status: "pending", setup: async () => {} },
    { status: "expired", setup: expire },
    { status: "revoked", setup: revoke },
    { status: "accepted", setup: (tx) => tx`update public.invitations set accepted_at = now(), accepted_by = ${tenants.outsider.id} where id = ${a.invitation.id}` },
  ];

  it.each(states)("reports a $status invitation", async ({ status, setup }) => {
    await trial(sql, async (t) => {
      await setup(t.tx);
      const rows = await t.expectAllowed(serviceRole, (tx) => preview(tx, a.invitation.token));
      expect([...rows]).toEqual([expect.objectContaining({
        org_name: a.name, org_slug: a.slug, email: tenants.outsider.email, role: "member", status, invited_by_email: a.owner.email,
      })]);
    });
  });

  it("finds nothing for a token it does not know", async () => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(serviceRole, (tx) => preview(tx, newToken()))).count).toBe(0);
    });
  });
});

describe("pending invitations", () => {
  it("one per organization and email (23505 invitations_pending_email_key)", async () => {
    await trial(sql, async (t) => {
      const outcome = await t.expectRefused(a.admin, (tx) => invite(tx, a.id, tenants.outsider.email, "viewer"), "23505");
      expect(outcome).toMatchObject({ constraint: "invitations_pending_email_key" });
    });
  });

  it("a revoked or accepted one does not block inviting again", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(a.admin, (tx) => tx`update public.invitations set revoked_at = now(), revoked_by = ${a.admin.id} where id = ${a.invitation.id}`);
      await t.expectAllowed(a.admin, (tx) => invite(tx, a.id, tenants.outsider.email, "viewer", "second-token"));
      await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, "second-token"));
      await t.expectAllowed(tenants.outsider, (tx) => tx`delete from public.memberships where org_id = ${a.id} and user_id = ${tenants.outsider.id}`);
      await t.expectAllowed(a.admin, (tx) => invite(tx, a.id, tenants.outsider.email, "member"));
    });
  });

  it("another organization may invite the same email", async () => {
    await trial(sql, (t) => t.expectAllowed(tenants.b.owner, (tx) => invite(tx, tenants.b.id, tenants.outsider.email, "member")));
  });

  it("invitees cannot read invitations, even their own", async () => {
    await trial(sql, async (t) => {
      const rows = await t.expectAllowed(tenants.outsider, (tx) => tx`select * from public.invitations where email = ${tenants.outsider.email}`);
      expect(rows.count).toBe(0);
    });
  });

  it("cannot be deleted by anyone through the API, owners included: they are revoked", async () => {
    await trial(sql, (t) => t.expectRefused(a.owner, (tx) => tx`delete from public.invitations where id = ${a.invitation.id}`, "42501"));
  });
});

describe("what users may change on an invitation", () => {
  it("is exactly what revoking and resending change: no inviter, role, email or acceptance", async () => {
    const granted = await sql<{ column: string }[]>`
      select a.attname as column from pg_attribute a
      where a.attrelid = 'public.invitations'::regclass and a.attnum > 0 and not a.attisdropped
        and has_column_privilege('authenticated', a.attrelid, a.attnum, 'UPDATE')
      order by 1`;
    expect(granted.map((g) => g.column)).toEqual(["expires_at", "last_sent_at", "revoked_at", "revoked_by", "send_count", "token_hash"]);
  });

  it.each(["admin", "owner"] as const)("an %s revokes as the app does: recorded as the revoker, and the link stops working", async (role) => {
    await trial(sql, async (t) => {
      const by = a[role];
      expect((await t.expectAllowed(by, (tx) => revokeInvitation(tx, a.invitation.id, by.id))).count).toBe(1);
      const [row] = await t.tx`select revoked_by, revoked_at is not null as revoked from public.invitations where id = ${a.invitation.id}`;
      expect(row).toEqual({ revoked_by: by.id, revoked: true });
      await t.expectRefused(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token), "SG021");
    });
  });

  it.each(["admin", "owner"] as const)("an %s resends as the app does: a new token and expiry, counted; only the new link works", async (role) => {
    await trial(sql, async (t) => {
      const token = newToken();
      await t.tx`update public.invitations set expires_at = now() + interval '1 hour' where id = ${a.invitation.id}`;
      const [resent] = await t.expectAllowed(a[role], (tx) => resendInvitation(tx, a.invitation.id, token));
      expect(resent.send_count).toBe(2);
      expect(resent.expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
      await t.expectRefused(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token), "SG020");
      await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, token));
    });
  });

  it("the app's revoke and resend match nothing once an invitation is closed (no error to map)", async () => {
    await trial(sql, async (t) => {
      await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token));
      await t.expectRefused(a.admin, (tx) => revokeInvitation(tx, a.invitation.id, a.admin.id), "no rows");
      await t.expectRefused(a.admin, (tx) => resendInvitation(tx, a.invitation.id), "no rows");
    });
  });

  it("service_role, for operators, still revokes (with or without naming a revoker) and resends", async () => {
    await trial(sql, async (t) => {
      expect((await t.expectAllowed(serviceRole, (tx) => resendInvitation(tx, a.invitation.id))).count).toBe(1);
      expect((await t.expectAllowed(serviceRole, (tx) => revokeInvitation(tx, a.invitation.id, a.owner.id))).count).toBe(1);
      await t.expectAllowed(a.owner, (tx) => invite(tx, a.id, `again.${tenants.tag}@example.test`, "viewer", "again-token"));
      expect((await t.expectAllowed(serviceRole, (tx) => tx`
        update public.invitations set revoked_at = now() where token_hash = ${tokenHash("again-token")}`)).count).toBe(1);
    });
  });
});

describe("an invitation's history only moves forward (SG012)", () => {
  type State = "pending" | "accepted" | "revoked";
  /** Puts org A's invitation into `state` the way it really gets there: accepted by the outsider, or revoked by the owner. */
  const reach = async (t: Trial, state: State) => {
    if (state === "accepted") await t.expectAllowed(tenants.outsider, (tx) => acceptInvitation(tx, a.invitation.token));
    if (state === "revoked") await t.expectAllowed(a.owner, (tx) => revokeInvitation(tx, a.invitation.id, a.owner.id));
  };
  const on = (tx: TransactionSql, values: Record<string, unknown>) =>
    tx`update public.invitations set ${tx(values as Record<string, string | number | null>)} where id = ${a.invitation.id}`;
  const now = () => new Date().toISOString();
  const later = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

  // What an admin or owner (`self`; `other`, the other of the two) attempts. 42501: the column is
  // not theirs to update at all; SG012: the trigger refuses what the grant lets through.
  type Case = { attempt: string; state: State; change: (self: Person, other: Person) => Record<string, unknown>; code: "42501" | "SG012"; message?: RegExp };
  const userCases: Case[] = [
    { attempt: "un-revoke it", state: "revoked", change: () => ({ revoked_at: null, revoked_by: null }), code: "SG012", message: /cannot be un-revoked/ },
    { attempt: "clear only its revoked_at", state: "revoked", change: () => ({ revoked_at: null }), code: "SG012", message: /cannot be un-revoked/ },
    { attempt: "un-accept it", state: "accepted", change: () => ({ accepted_at: null, accepted_by: null }), code: "42501" },
    { attempt: "rewrite who invited", state: "pending", change: (_self, other) => ({ invited_by: other.id }), code: "42501" },
    { attempt: "rewrite who accepted", state: "accepted", change: (self) => ({ accepted_by: self.id }), code: "42501" },
    { attempt: "accept it on the invitee's behalf", state: "pending", change: () => ({ accepted_at: now(), accepted_by: tenants.outsider.id }), code: "42501" },
    { attempt: "rewrite who revoked", state: "revoked", change: () => ({ revoked_by: a.member.id }), code: "SG012", message: /cannot be changed/ },
    { attempt: "backdate a revocation", state: "revoked", change: () => ({ revoked_at: "2020-01-01T00:00:00Z" }), code: "SG012", message: /cannot be changed/ },
    { attempt: "revoke it naming someone else as the revoker", state: "pending", change: (_self, other) => ({ revoked_at: now(), revoked_by: other.id }), code: "SG012", message: /recorded as its revoker/ },
    { attempt: "revoke it naming nobody", state: "pending", change: () => ({ revoked_at: now(), revoked_by: null }), code: "SG012", message: /recorded as its revoker/ },
    { attempt: "set a revoker without revoking", state: "pending", change: (self) => ({ revoked_by: self.id }), code: "SG012", message: /recorded as its revoker/ },
    { attempt: "revoke an accepted invitation", state: "accepted", change: (self) => ({ revoked_at: now(), revoked_by: self.id }), code: "SG012", message: /cannot be changed/ },
    { attempt: "extend an accepted invitation", state: "accepted", change: () => ({ expires_at: later() }), code: "SG012", message: /cannot be changed/ },
    { attempt: "extend a revoked invitation", state: "revoked", change: () => ({ expires_at: later() }), code: "SG012", message: /cannot be changed/ },
    { attempt: "give a revoked invitation a new link", state: "revoked", change: () => ({ token_hash: tokenHash(newToken()), send_count: 2, last_sent_at: now() }), code: "SG012", message: /cannot be changed/ },
    { attempt: "give an accepted invitation a new link", state: "accepted", change: () => ({ token_hash: tokenHash(newToken()) }), code: "SG012", message: /cannot be changed/ },
  ];
  const asUsers = (["admin", "owner"] as const).flatMap((role) => userCases.map((c) => ({ role, ...c })));

  it.each(asUsers)("an $role cannot $attempt ($code), and nothing changes", async ({ role, state, change, code, message }) => {
    await trial(sql, async (t) => {
      await reach(t, state);
      const self = a[role];
      const other = role === "admin" ? a.owner : a.admin;
      const outcome = await t.expectRefused(self, (tx) => on(tx, change(self, other)), code);
      expect(outcome).toMatchObject({ message: message ?? /^permission denied for table invitations/ });
    });
  });

  // Operators and the table owner hold every column, so only the trigger stands in the way.
  const closedCases: { attempt: string; state: State; change: () => Record<string, unknown>; message: RegExp }[] = [
    { attempt: "un-accept it", state: "accepted", change: () => ({ accepted_at: null, accepted_by: null }), message: /cannot be un-accepted/ },
    { attempt: "rewrite who accepted", state: "accepted", change: () => ({ accepted_by: a.member.id }), message: /cannot be changed/ },
    { attempt: "rewrite who invited an accepted invitation", state: "accepted", change: () => ({ invited_by: a.admin.id }), message: /cannot be changed/ },
    { attempt: "un-revoke it", state: "revoked", change: () => ({ revoked_at: null, revoked_by: null }), message: /cannot be un-revoked/ },
    { attempt: "rewrite who revoked", state: "revoked", change: () => ({ revoked_by: a.admin.id }), message: /cannot be changed/ },
    { attempt: "change the role of a revoked invitation", state: "revoked", change: () => ({ role: "owner" }), message: /cannot be changed/ },
  ];
  const operators: { who: string; caller: Caller }[] = [{ who: "service_role", caller: serviceRole }, { who: "the table owner", caller: tableOwner }];
  const asOperators = operators.flatMap((o) => closedCases.map((c) => ({ ...o, ...c })));

  it.each(asOperators)("$who cannot $attempt either (SG012), and nothing changes", async ({ caller, state, change, message }) => {
    await trial(sql, async (t) => {
      await reach(t, state);
      const outcome = await t.expectRefused(caller, (tx) => on(tx, change()), "SG012");
      expect(outcome).toMatchObject({ message });
    });
  });

  it("a change that changes nothing is not refused", async () => {
    await trial(sql, async (t) => {
      await reach(t, "revoked");
      expect((await t.expectAllowed(a.admin, (tx) => tx`update public.invitations set expires_at = expires_at where id = ${a.invitation.id}`)).count).toBe(1);
    });
  });

  it("deleting a user clears their references on closed invitations too (on delete set null), nothing else", async () => {
    await trial(sql, async (t) => {
      const leaver: Person = { id: randomUUID(), email: `leaver.${tenants.tag}@example.test` };
      await t.tx`
        insert into auth.users (id, aud, role, email, email_confirmed_at, created_at, updated_at)
        values (${leaver.id}, 'authenticated', 'authenticated', ${leaver.email}, now(), now(), now())`;
      const token = newToken();
      await t.expectAllowed(a.owner, (tx) => invite(tx, a.id, leaver.email, "admin", token));
      await t.expectAllowed(leaver, (tx) => acceptInvitation(tx, token));
      await t.expectAllowed(leaver, (tx) => invite(tx, a.id, `friend.${tenants.tag}@example.test`, "viewer"));
      await t.expectAllowed(leaver, (tx) => revokeInvitation(tx, a.invitation.id, leaver.id));
      const theirs = () => t.tx`
        select email, invited_by, accepted_by, revoked_by, accepted_at is not null as accepted, revoked_at is not null as revoked
        from public.invitations where org_id = ${a.id} and email in ${t.tx([leaver.email, `friend.${tenants.tag}@example.test`, tenants.outsider.email])}
        order by email`;
      expect([...await theirs()]).toEqual([
        { email: `friend.${tenants.tag}@example.test`, invited_by: leaver.id, accepted_by: null, revoked_by: null, accepted: false, revoked: false },
        { email: leaver.email, invited_by: a.owner.id, accepted_by: leaver.id, revoked_by: null, accepted: true, revoked: false },
        { email: tenants.outsider.email, invited_by: a.owner.id, accepted_by: null, revoked_by: leaver.id, accepted: false, revoked: true },
      ]);

      await t.tx`delete from auth.users where id = ${leaver.id}`;

      expect([...await theirs()]).toEqual([
        { email: `friend.${tenants.tag}@example.test`, invited_by: null, accepted_by: null, revoked_by: null, accepted: false, revoked: false },
        { email: leaver.email, invited_by: a.owner.id, accepted_by: null, revoked_by: null, accepted: true, revoked: false },
        { email: tenants.outsider.email, invited_by: a.owner.id, accepted_by: null, revoked_by: null, accepted: false, revoked: true },
      ]);
    });
  });
});
