/**
 * Checking an emailed token and acting on it, as GoTrue's /verify does: find the user by the
 * token hash from a link (or by email + the 6-digit code), check it has not expired, then spend it —
 * confirm the signup or invite, accept the magic link or recovery, or apply the email change.
 * Tokens are one-time: acting on one clears it and every other pending token of the user.
 */
import { randomBytes } from "node:crypto";
import type { AuthConfig } from "./config.ts";
import { forbidden } from "./errors.ts";
import { isFresh, pkcePrefix, tokenHash } from "./one-time-tokens.ts";
import {
  clearOneTimeTokens, confirmEmail, findUserByEmail, findUserById, hasPassword, isBanned, isConfirmed, jsonb,
  markEmailIdentityVerified, type Tx, type UserRow,
} from "./users.ts";

const verifyTypes = ["signup", "invite", "magiclink", "recovery", "email", "email_change"] as const;
export type VerifyType = (typeof verifyTypes)[number];
export type ResolvedType = Exclude<VerifyType, "email">;

export function isVerifyType(type: string): type is VerifyType {
  return (verifyTypes as readonly string[]).includes(type);
}

/** For email changes: which of the two addresses' tokens was used. */
export type Verified = { user: UserRow; type: ResolvedType; changeSide?: "new" | "current" };

function sentAtOf(user: UserRow, type: ResolvedType): Date | null {
  if (type === "signup" || type === "invite") return user.confirmation_sent_at;
  if (type === "email_change") return user.email_change_sent_at;
  return user.recovery_sent_at;
}

/** A link's token hash (`token_hash`, or `token` of GET /verify), exactly as it was stored. */
export async function findByTokenHash(tx: Tx, config: AuthConfig, type: VerifyType, hash: string): Promise<Verified> {
  const invalid = () => forbidden("otp_expired", "Email link is invalid or has expired");
  const [user] = await tx<UserRow[]>`
    select * from auth.users where ${
      type === "email" ? tx`(confirmation_token = ${hash} or recovery_token = ${hash})`
      : type === "signup" || type === "invite" ? tx`confirmation_token = ${hash}`
      : type === "email_change" ? tx`(email_change_token_new = ${hash} or email_change_token_current = ${hash})`
      : tx`recovery_token = ${hash}`
    } for update`;
  if (!user) throw invalid();
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  const resolved: ResolvedType = type !== "email" ? type : user.recovery_token === hash ? "magiclink" : "signup";
  if (!isFresh(sentAtOf(user, resolved), config.otpExpiry)) throw invalid();
  return { user, type: resolved, changeSide: user.email_change_token_new === hash ? "new" : "current" };
}

/** The 6-digit code typed in by the user, with the address it was sent to. */
export async function findByEmailOtp(tx: Tx, config: AuthConfig, type: VerifyType, email: string, otp: string): Promise<Verified> {
  const invalid = () => forbidden("otp_expired", "Token has expired or is invalid");
  const hash = tokenHash(email, otp);
  const candidates = [hash, pkcePrefix + hash];
  const [user] = type === "email_change"
    ? await tx<UserRow[]>`
        select * from auth.users
        where (lower(email_change) = ${email} and email_change_token_new in ${tx(candidates)})
           or (lower(email) = ${email} and email_change_token_current in ${tx(candidates)})`
    : [await findUserByEmail(tx, email)];
  if (!user) throw invalid();
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  const matches = (expected: string | null, sentAt: Date | null) =>
    !!expected && candidates.includes(expected) && isFresh(sentAt, config.otpExpiry);
  const confirmation = matches(user.confirmation_token, user.confirmation_sent_at);
  const recovery = matches(user.recovery_token, user.recovery_sent_at);
  if (type === "email" && (confirmation || recovery)) return { user, type: confirmation ? "signup" : "magiclink" };
  if ((type === "signup" || type === "invite") && confirmation) return { user, type };
  if ((type === "magiclink" || type === "recovery") && recovery) return { user, type };
  if (type === "email_change" && matches(user.email_change_token_new, user.email_change_sent_at)) return { user, type, changeSide: "new" };
  if (type === "email_change" && matches(user.email_change_token_current, user.email_change_sent_at)) return { user, type, changeSide: "current" };
  throw invalid();
}

/** The email change needs the other address confirmed too (double-confirmed changes, confirmations on). */
export const awaitingOtherEmail = Symbol("awaiting the other address's confirmation");

export async function applyVerification(
  tx: Tx, config: AuthConfig, { user, type, changeSide }: Verified,
): Promise<UserRow | typeof awaitingOtherEmail> {
  if (type === "signup" || type === "invite") {
    if (!hasPassword(user) && user.invited_at) {
      // Invited users get a random password until they choose one, as GoTrue does.
      await tx`update auth.users set encrypted_password = extensions.crypt(${randomBytes(32).toString("base64url")}, extensions.gen_salt('bf', 10)) where id = ${user.id}`;
    }
    await confirmEmail(tx, user);
    await markEmailIdentityVerified(tx, user);
  } else if (type === "magiclink" || type === "recovery") {
    await tx`update auth.users set recovery_token = '', updated_at = now() where id = ${user.id}`;
    await clearOneTimeTokens(tx, user.id);
    if (!isConfirmed(user)) await confirmEmail(tx, user);
  } else if (!config.mailerAutoconfirm && config.doubleConfirmEmailChanges && user.email && user.email_change_confirm_status === 0) {
    // This side's token is spent; the other address's token completes the change.
    const side = changeSide === "new" ? "email_change_token_new" : "email_change_token_current";
    await tx`update auth.users set email_change_confirm_status = 1, ${tx(side)} = '', updated_at = now() where id = ${user.id}`;
    await tx`delete from auth.one_time_tokens where user_id = ${user.id} and token_type = ${side}`;
    return awaitingOtherEmail;
  } else {
    await completeEmailChange(tx, user);
  }
  return (await findUserById(tx, user.id))!;
}

async function completeEmailChange(tx: Tx, user: UserRow): Promise<void> {
  const email = user.email_change ?? "";
  await tx`
    update auth.identities
    set identity_data = identity_data || ${jsonb(tx, { email, email_verified: true })}, updated_at = now()
    where user_id = ${user.id} and provider = 'email'`;
  await tx`
    update auth.users set email = ${email}, email_change = '', email_change_token_new = '', email_change_token_current = '',
      email_change_confirm_status = 0, updated_at = now()
    where id = ${user.id}`;
  await clearOneTimeTokens(tx, user.id);
  if (!isConfirmed(user)) await confirmEmail(tx, (await findUserById(tx, user.id))!);
}
