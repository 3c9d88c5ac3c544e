/** GoTrue's checks on emails and passwords, with its messages. */
import type { AuthConfig } from "./config.ts";
import { AuthError, validationFailed } from "./errors.ts";

/** The format check GoTrue uses (badoux/checkmail). */
const emailFormat =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Returns the address lower-cased, as GoTrue stores it. */
export function validateEmail(email: string): string {
  if (email === "") throw validationFailed("An email address is required");
  if (email.length > 255) throw validationFailed("An email address is too long");
  if (!emailFormat.test(email)) throw validationFailed("Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** bcrypt ignores everything past 72 bytes, so GoTrue refuses longer passwords outright. */
const maxPasswordLength = 72;

export type WeakPassword = { message: string; reasons: string[] };

/** The reasons a password fails the project's requirements, or null when it passes. */
export function passwordWeakness(config: AuthConfig, password: string): WeakPassword | null {
  const reasons: string[] = [];
  const messages: string[] = [];
  if ([...password].length < config.minimumPasswordLength) {
    reasons.push("length");
    messages.push(`Password should be at least ${config.minimumPasswordLength} characters.`);
  }
  if (config.requiredCharacters.some((set) => ![...set].some((char) => password.includes(char)))) {
    reasons.push("characters");
    messages.push(`Password should contain at least one character of each: ${config.requiredCharacters.join(", ")}.`);
  }
  return reasons.length ? { message: messages.join(" "), reasons } : null;
}

/** Rejects passwords GoTrue would not store: over-long (400) or weak (422 weak_password). */
export function checkPasswordStrength(config: AuthConfig, password: string): void {
  if (Buffer.byteLength(password) > maxPasswordLength) {
    throw validationFailed(`Password cannot be longer than ${maxPasswordLength} characters`);
  }
  const weakness = passwordWeakness(config, password);
  if (weakness) throw new AuthError(422, "weak_password", weakness.message, { weak_password: { reasons: weakness.reasons } });
}
