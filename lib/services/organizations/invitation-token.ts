/** Invitation secrets: 32 random bytes, base64url. Only their SHA-256 is stored (hashed in SQL). */
import { randomBytes } from "node:crypto";

export const INVITATION_LIFETIME_DAYS = 7;

export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}
