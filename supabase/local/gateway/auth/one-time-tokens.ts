/**
 * Emailed one-time tokens as GoTrue keeps them: the user gets a numeric OTP, the database keeps
 * only hex(sha224(email + otp)) — in the users column for that purpose and in auth.one_time_tokens.
 * PKCE flows prefix the stored hash with `pkce_`, which is how /verify knows to answer with a code.
 */
import { createHash, randomInt } from "node:crypto";
import type { Tx } from "./users.ts";

export type TokenKind = "confirmation" | "recovery" | "email_change_new" | "email_change_current";

const tokenColumn = {
  confirmation: "confirmation_token",
  recovery: "recovery_token",
  email_change_new: "email_change_token_new",
  email_change_current: "email_change_token_current",
} as const;

const sentAtColumn = {
  confirmation: "confirmation_sent_at",
  recovery: "recovery_sent_at",
  email_change_new: "email_change_sent_at",
  email_change_current: "email_change_sent_at",
} as const;

export const pkcePrefix = "pkce_";

export function generateOtp(length: number): string {
  let otp = "";
  for (let i = 0; i < length; i++) otp += String(randomInt(10));
  return otp;
}

export function tokenHash(email: string, otp: string): string {
  return createHash("sha224").update(email + otp).digest("hex");
}

/** Stores a token, replacing any earlier one of the same kind: only the latest email works. */
export async function storeToken(tx: Tx, userId: string, kind: TokenKind, hash: string, relatesTo: string): Promise<void> {
  await tx`
    update auth.users set ${tx(tokenColumn[kind])} = ${hash}, ${tx(sentAtColumn[kind])} = now(), updated_at = now()
    where id = ${userId}`;
  await tx`
    insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to, created_at, updated_at)
    values (${userId}, ${tokenColumn[kind]}, ${hash}, ${relatesTo.toLowerCase()}, now(), now())
    on conflict (user_id, token_type) do update
      set token_hash = excluded.token_hash, relates_to = excluded.relates_to, created_at = now(), updated_at = now()`;
}

/** Whether a token sent at `sentAt` is still within `otp_expiry`. */
export function isFresh(sentAt: Date | null, expirySeconds: number): sentAt is Date {
  return sentAt !== null && Date.now() <= sentAt.getTime() + expirySeconds * 1000;
}
