/**
 * API key secrets: `sg_` + 32 random bytes in base64url (43 characters). Only the SHA-256 is
 * stored; the prefix (sg_ + 8) is kept to recognize a key in lists without revealing it.
 */
import { createHash, randomBytes } from "node:crypto";

export const SECRET_PATTERN = /^sg_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = "sg_".length + 8;

export type NewSecret = { secret: string; prefix: string; hash: string };

export function newApiKeySecret(): NewSecret {
  const secret = `sg_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), hash: hashApiKeySecret(secret) };
}

/** hex(sha256(secret)), as private.api_key_secrets stores it. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
