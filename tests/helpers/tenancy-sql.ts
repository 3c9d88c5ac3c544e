/** The handful of statements the tenancy tests issue as different people, named for what they do. */
import type postgres from "postgres";
import type { TransactionSql } from "postgres";
import { newToken, tokenHash, type Role } from "./tenants.ts";

/** A statement, as the tests hand it to `Trial.as` (any row shape). */
export type Query = Promise<postgres.RowList<postgres.Row[]>>;

export function setRole(tx: TransactionSql, orgId: string, userId: string, role: Role) {
  return tx`update public.memberships set role = ${role} where org_id = ${orgId} and user_id = ${userId}`;
}

export function removeMember(tx: TransactionSql, orgId: string, userId: string) {
  return tx`delete from public.memberships where org_id = ${orgId} and user_id = ${userId}`;
}

/** Adding someone directly: only operators (service_role) may; users are refused by the grant. */
export function addMember(tx: TransactionSql, orgId: string, userId: string, role: Role) {
  return tx`insert into public.memberships (org_id, user_id, role) values (${orgId}, ${userId}, ${role})`;
}

/** Inviting as the signed-in user (invited_by defaults to them); returns nothing, as RLS would hide it. */
export function invite(tx: TransactionSql, orgId: string, email: string, role: Role, token = newToken()) {
  return tx`
    insert into public.invitations (org_id, email, role, token_hash, expires_at)
    values (${orgId}, ${email}, ${role}, ${tokenHash(token)}, now() + interval '7 days')`;
}

/** Revoking as lib/services/organizations/revoke-invitation.ts does it. */
export function revokeInvitation(tx: TransactionSql, invitationId: string, revokedBy: string) {
  return tx`
    update public.invitations set revoked_at = now(), revoked_by = ${revokedBy}
    where id = ${invitationId} and accepted_at is null and revoked_at is null`;
}

/** Resending with a fresh token as lib/services/organizations/resend-invitation.ts does it. */
export function resendInvitation(tx: TransactionSql, invitationId: string, token = newToken()) {
  return tx<{ expires_at: Date; send_count: number }[]>`
    update public.invitations
    set token_hash = encode(extensions.digest(${token}, 'sha256'), 'hex'), last_sent_at = now(),
      send_count = send_count + 1, expires_at = now() + make_interval(days => 7)
    where id = ${invitationId} and accepted_at is null and revoked_at is null
    returning expires_at, send_count`;
}

export function renameOrg(tx: TransactionSql, orgId: string, name: string) {
  return tx`update public.organizations set name = ${name} where id = ${orgId}`;
}

export function createOrg(tx: TransactionSql, org: { id: string; name: string; slug: string; base_currency?: string; timezone?: string }) {
  return tx`insert into public.organizations ${tx({ base_currency: "USD", timezone: "UTC", ...org })}`;
}

export function acceptInvitation(tx: TransactionSql, token: string) {
  return tx<{ org_id: string }[]>`select private.accept_invitation(${token}) as org_id`;
}

/** As the superuser: a person's role in an organization, or null. */
export async function roleIn(tx: TransactionSql, orgId: string, userId: string): Promise<Role | null> {
  const [row] = await tx<{ role: Role }[]>`select role from public.memberships where org_id = ${orgId} and user_id = ${userId}`;
  return row?.role ?? null;
}
