import { afterAll, describe, expect, it } from "vitest";
import { newUser, superuserSql, uniqueSlug, type TestUser } from "./org-support.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { inviteMember } from "../../lib/services/organizations/invite-member.ts";
import { resendInvitation } from "../../lib/services/organizations/resend-invitation.ts";
import { revokeInvitation } from "../../lib/services/organizations/revoke-invitation.ts";
import { acceptInvitation } from "../../lib/services/organizations/accept-invitation.ts";
import { getInvitationPreview } from "../../lib/services/organizations/get-invitation-preview.ts";
import { listMembers } from "../../lib/services/organizations/list-members.ts";
import { listInvitations } from "../../lib/services/organizations/list-invitations.ts";
import { changeMemberRole } from "../../lib/services/organizations/change-member-role.ts";
import { removeMember } from "../../lib/services/organizations/remove-member.ts";
import { leaveOrganization } from "../../lib/services/organizations/leave-organization.ts";
import { listAuditLog } from "../../lib/services/organizations/list-audit-log.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import { ServiceError } from "../../lib/services/errors.ts";

const sql = superuserSql();
afterAll(() => sql.end());

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

async function orgOwnedBy(owner: TestUser) {
  const slug = uniqueSlug("team");
  await createOrganization({ actor: owner.actor }, { name: "Team Co", slug, baseCurrency: "USD", timezone: "UTC" });
  return resolveOrgContext(owner.actor, slug);
}

/** The token from the newest invitation email to `email`, as the invitee would click it. */
async function tokenFromEmail(email: string): Promise<string> {
  const [row] = await sql<{ body_text: string }[]>`
    select body_text from local_dev.outbox where recipient = ${email} and source = 'invitations' order by id desc limit 1`;
  const match = row?.body_text.match(/\/invite\/([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`no invitation email to ${email}`);
  return match[1];
}

describe("members and invitations", () => {
  it("invites by email, previews, and lets the right person accept once", async () => {
    const [owner, invitee, stranger] = [await newUser("owner"), await newUser("invitee"), await newUser("stranger")];
    const ctx = await orgOwnedBy(owner);
    const invited = await inviteMember(ctx, { email: invitee.email.toUpperCase(), role: "admin" });
    expect(invited).toMatchObject({ emailSent: true, invitation: { email: invitee.email, role: "admin" } });
    expect((await listInvitations(ctx)).map((i) => i.email)).toEqual([invitee.email]);

    const token = await tokenFromEmail(invitee.email);
    const [stored] = await sql<{ token_hash: string }[]>`select token_hash from public.invitations where id = ${invited.invitation.id}`;
    expect(stored.token_hash).not.toContain(token);
    expect(await getInvitationPreview(token)).toMatchObject({
      orgName: "Team Co", orgSlug: ctx.org.slug, email: invitee.email, role: "admin", status: "pending", invitedByEmail: owner.email,
    });

    expect((await rejection(acceptInvitation({ actor: stranger.actor }, token))).code).toBe("invitation_wrong_email");
    expect(await acceptInvitation({ actor: invitee.actor }, token)).toEqual({ orgId: ctx.org.id, slug: ctx.org.slug });
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, token))).code).toBe("invitation_used");
    expect((await getInvitationPreview(token))?.status).toBe("accepted");

    const members = await listMembers(ctx);
    expect(members.map((m) => [m.email, m.role])).toEqual([[owner.email, "owner"], [invitee.email, "admin"]]);
    expect((await resolveOrgContext(invitee.actor, ctx.org.slug)).org.role).toBe("admin");
    const actions = (await listAuditLog(ctx, {})).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted", "membership.created"]));
  });

  it("refuses to invite an existing member or a second pending invitation, and validates the role", async () => {
    const owner = await newUser("owner");
    const ctx = await orgOwnedBy(owner);
    const member = await rejection(inviteMember(ctx, { email: owner.email, role: "member" }));
    expect(member).toMatchObject({ code: "conflict", message: expect.stringContaining("already a member") });
    expect(member.fieldErrors?.email).toBeDefined();

    await inviteMember(ctx, { email: "someone@example.test", role: "member" });
    const twice = await rejection(inviteMember(ctx, { email: "someone@example.test", role: "viewer" }));
    expect(twice).toMatchObject({ code: "conflict" });
    expect(twice.fieldErrors?.email?.[0]).toMatch(/pending invitation/);

    const badRole = await rejection(inviteMember(ctx, { email: "x@example.test", role: "superuser" }));
    expect(badRole.code).toBe("invalid");
    expect(badRole.fieldErrors?.role).toBeDefined();
    expect((await rejection(inviteMember(ctx, { email: "not-an-email", role: "member" }))).fieldErrors?.email).toBeDefined();
  });

  it("gives a clear answer for tampered, revoked, resent and expired links", async () => {
    const [owner, invitee] = [await newUser("owner"), await newUser("invitee")];
    const ctx = await orgOwnedBy(owner);
    const { invitation } = await inviteMember(ctx, { email: invitee.email, role: "member" });
    const first = await tokenFromEmail(invitee.email);

    const tampered = `${first.slice(0, -1)}${first.endsWith("A") ? "B" : "A"}`;
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, tampered))).code).toBe("invitation_invalid");
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, "garbage"))).code).toBe("invitation_invalid");
    expect(await getInvitationPreview(tampered)).toBeNull();

    // Resending replaces the link: the old one stops working.
    expect(await resendInvitation(ctx, { invitationId: invitation.id })).toMatchObject({ emailSent: true });
    const second = await tokenFromEmail(invitee.email);
    expect(second).not.toBe(first);
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, first))).code).toBe("invitation_invalid");
    const [sent] = await sql<{ send_count: number }[]>`select send_count from public.invitations where id = ${invitation.id}`;
    expect(sent.send_count).toBe(2);

    await sql`update public.invitations set expires_at = now() - interval '1 minute' where id = ${invitation.id}`;
    expect((await getInvitationPreview(second))?.status).toBe("expired");
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, second))).code).toBe("invitation_expired");

    await revokeInvitation(ctx, { invitationId: invitation.id });
    expect((await rejection(acceptInvitation({ actor: invitee.actor }, second))).code).toBe("invitation_revoked");
    expect((await rejection(revokeInvitation(ctx, { invitationId: invitation.id }))).code).toBe("not_found");
    expect(await listInvitations(ctx)).toEqual([]);
  });

  it("keeps a last owner, lets owners hand over, and limits admins to non-owners", async () => {
    const [owner, admin] = [await newUser("owner"), await newUser("admin")];
    const ctx = await orgOwnedBy(owner);
    await sql`insert into public.memberships (org_id, user_id, role) values (${ctx.org.id}, ${admin.claims.sub}, 'admin')`;

    const leave = await rejection(leaveOrganization(ctx));
    expect(leave).toMatchObject({ code: "last_owner", message: expect.stringContaining("at least one owner") });
    const demote = await rejection(changeMemberRole(ctx, { userId: owner.claims.sub, role: "admin" }));
    expect(demote.code).toBe("last_owner");

    const adminCtx = await resolveOrgContext(admin.actor, ctx.org.slug);
    expect((await rejection(changeMemberRole(adminCtx, { userId: owner.claims.sub, role: "member" }))).code).toBe("forbidden");
    expect((await rejection(changeMemberRole(adminCtx, { userId: admin.claims.sub, role: "owner" }))).code).toBe("forbidden");
    expect((await rejection(inviteMember(adminCtx, { email: "boss@example.test", role: "owner" }))).code).toBe("forbidden");
    expect((await rejection(removeMember(adminCtx, { userId: owner.claims.sub }))).code).toBe("forbidden");

    await changeMemberRole(ctx, { userId: admin.claims.sub, role: "owner" });
    await leaveOrganization(ctx);
    expect(await listMembers(adminCtx)).toEqual([expect.objectContaining({ email: admin.email, role: "owner" })]);
  });

  it("a removed member's open session gets NotFound, as any outsider", async () => {
    const [owner, member] = [await newUser("owner"), await newUser("member")];
    const ctx = await orgOwnedBy(owner);
    await sql`insert into public.memberships (org_id, user_id, role) values (${ctx.org.id}, ${member.claims.sub}, 'member')`;
    const memberCtx = await resolveOrgContext(member.actor, ctx.org.slug);
    expect((await listMembers(memberCtx)).length).toBe(2);
    // A member may not manage others, and sees no invitations.
    expect((await rejection(removeMember(memberCtx, { userId: owner.claims.sub }))).code).toBe("forbidden");
    expect(await listInvitations(memberCtx)).toEqual([]);

    await removeMember(ctx, { userId: member.claims.sub });
    // Same access token as before the removal.
    expect((await rejection(resolveOrgContext(member.actor, ctx.org.slug))).code).toBe("not_found");
    // Even a context captured before the removal reads nothing any more (RLS decides per query).
    expect(await listMembers(memberCtx)).toEqual([]);
    expect((await rejection(leaveOrganization(memberCtx))).code).toBe("not_found");
  });
});
