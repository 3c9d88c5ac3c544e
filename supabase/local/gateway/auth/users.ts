/**
 * auth.users and auth.identities as GoTrue reads and writes them, and the `User` JSON it returns.
 * Every function takes the caller's transaction, so a request's writes commit or roll back together
 * (and triggers on auth.users run inside it, as in production).
 */
import { randomUUID } from "node:crypto";
import postgres, { type TransactionSql } from "postgres";
import { unexpectedFailure } from "./errors.ts";

export type Tx = TransactionSql;
export type JsonMap = Record<string, unknown>;

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change_token_current: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: JsonMap | null;
  raw_user_meta_data: JsonMap | null;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  reauthentication_sent_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

export type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: JsonMap;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
};

/** A jsonb parameter (postgres.js serializes it once; a pre-stringified value would be a JSON string). */
export function jsonb(tx: Tx, value: JsonMap) {
  return tx.json(value as postgres.JSONValue);
}

/** GoTrue's single-tenant instance id. */
export const instanceId = "00000000-0000-0000-0000-000000000000";
export const audience = "authenticated";

export function isConfirmed(user: UserRow): boolean {
  return user.email_confirmed_at !== null;
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && user.banned_until.getTime() > Date.now();
}

export function hasPassword(user: UserRow): boolean {
  return !!user.encrypted_password;
}

export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [user] = await tx<UserRow[]>`select * from auth.users where id = ${id}`;
  return user;
}

/** GoTrue's FindUserByEmailAndAudience: emails compare case-insensitively; SSO users are separate. */
export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const [user] = await tx<UserRow[]>`
    select * from auth.users
    where instance_id = ${instanceId} and lower(email) = lower(${email}) and aud = ${audience} and is_sso_user = false`;
  return user;
}

export async function identitiesOf(tx: Tx, userId: string): Promise<IdentityRow[]> {
  return tx<IdentityRow[]>`select * from auth.identities where user_id = ${userId} order by created_at, id`;
}

export type NewUser = {
  email: string;
  /** Plain text; "" stores no password (magic-link and invited users get one later). */
  password: string;
  userMetadata: JsonMap;
  appMetadata?: JsonMap;
  role?: string;
  id?: string;
  invited?: boolean;
};

/**
 * Inserts an unconfirmed user and its `email` identity as GoTrue's signup does (confirming is a
 * separate update, so triggers see the same sequence as in production). The password is hashed
 * with bcrypt (cost 10) by pgcrypto, the format GoTrue stores. Identity data carries the signup
 * metadata too, and its `email_verified` stays false even for auto-confirmed users, as in GoTrue.
 * A failing trigger surfaces as GoTrue's "Database error saving new user".
 */
export async function createUser(tx: Tx, user: NewUser): Promise<UserRow> {
  try {
    return await insertUser(tx, user);
  } catch (error) {
    if (error instanceof postgres.PostgresError) throw unexpectedFailure("Database error saving new user");
    throw error;
  }
}

async function insertUser(tx: Tx, user: NewUser): Promise<UserRow> {
  const id = user.id ?? randomUUID();
  const email = user.email.toLowerCase();
  const appMetadata = { provider: "email", providers: ["email"], ...user.appMetadata };
  await tx`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
      confirmation_token, recovery_token, email_change_token_new, email_change,
      raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at, is_sso_user, is_anonymous
    ) values (
      ${instanceId}, ${id}, ${audience}, ${user.role ?? "authenticated"}, ${email},
      case when ${user.password} = '' then '' else extensions.crypt(${user.password}, extensions.gen_salt('bf', 10)) end,
      null, ${user.invited ? tx`now()` : null},
      '', '', '', '',
      ${jsonb(tx, appMetadata)}, ${jsonb(tx, user.userMetadata)}, null, now(), now(), false, false
    )`;
  const identityData = { ...user.userMetadata, sub: id, email, email_verified: false, phone_verified: false };
  await tx`
    insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
    values (${randomUUID()}, ${id}, ${id}, ${jsonb(tx, identityData)}, 'email', now(), now(), now())`;
  // Re-read: triggers and generated columns may have changed the row, as GoTrue reloads it too.
  return (await findUserById(tx, id))!;
}

/** Merges metadata like GoTrue: keys set to null are removed, the others replace what was there. */
function mergeMetadata(current: JsonMap | null, updates: JsonMap): JsonMap {
  const merged: JsonMap = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export async function updateUserMetadata(tx: Tx, user: UserRow, updates: JsonMap): Promise<void> {
  await tx`update auth.users set raw_user_meta_data = ${jsonb(tx, mergeMetadata(user.raw_user_meta_data, updates))}, updated_at = now() where id = ${user.id}`;
}

export async function updateAppMetadata(tx: Tx, user: UserRow, updates: JsonMap): Promise<void> {
  await tx`update auth.users set raw_app_meta_data = ${jsonb(tx, mergeMetadata(user.raw_app_meta_data, updates))}, updated_at = now() where id = ${user.id}`;
}

export async function clearOneTimeTokens(tx: Tx, userId: string): Promise<void> {
  await tx`delete from auth.one_time_tokens where user_id = ${userId}`;
}

/** GoTrue's User.Confirm: the email is confirmed, its token spent, and user_metadata says so. */
export async function confirmEmail(tx: Tx, user: UserRow): Promise<void> {
  await tx`update auth.users set confirmation_token = '', email_confirmed_at = now(), updated_at = now() where id = ${user.id}`;
  await updateUserMetadata(tx, user, { email_verified: true });
  await clearOneTimeTokens(tx, user.id);
}

/** Confirming through an emailed link also marks the email identity as verified. */
export async function markEmailIdentityVerified(tx: Tx, user: UserRow): Promise<void> {
  await tx`
    update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
    where user_id = ${user.id} and provider = 'email' and email = lower(${user.email ?? ""})`;
}

/**
 * GoTrue's UpdatePassword: every pending emailed token is void once the password changes, and the
 * user is signed out everywhere except the session that made the change (if any).
 */
export async function setPassword(tx: Tx, user: UserRow, password: string, keepSessionId: string | null): Promise<void> {
  await tx`
    update auth.users set
      encrypted_password = extensions.crypt(${password}, extensions.gen_salt('bf', 10)),
      confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
      email_change_token_current = '', email_change_token_new = '', email_change_sent_at = null,
      phone_change_token = '', phone_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
      updated_at = now()
    where id = ${user.id}`;
  await clearOneTimeTokens(tx, user.id);
  if (keepSessionId) await tx`delete from auth.sessions where user_id = ${user.id} and id <> ${keepSessionId}`;
  else await tx`delete from auth.sessions where user_id = ${user.id}`;
}

/** bcrypt comparison in the database, so hashes never leave it. */
export async function passwordMatches(tx: Tx, user: UserRow, password: string): Promise<boolean> {
  if (!hasPassword(user)) return false;
  const [row] = await tx<{ ok: boolean }[]>`
    select encrypted_password = extensions.crypt(${password}, encrypted_password) as ok from auth.users where id = ${user.id}`;
  return row?.ok === true;
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : undefined);

function identityJson(identity: IdentityRow) {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  };
}

/** The `User` object GoTrue serializes (models/user.go): optional timestamps are omitted when unset. */
export function userJson(user: UserRow, identities: IdentityRow[]) {
  return {
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? "",
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    new_phone: user.phone_change || undefined,
    phone_change_sent_at: iso(user.phone_change_sent_at),
    reauthentication_sent_at: iso(user.reauthentication_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous,
  };
}

export type UserJson = ReturnType<typeof userJson>;

export async function loadUserJson(tx: Tx, userId: string): Promise<UserJson> {
  const user = await findUserById(tx, userId);
  if (!user) throw new Error(`user ${userId} vanished inside its own transaction`);
  return userJson(user, await identitiesOf(tx, userId));
}
