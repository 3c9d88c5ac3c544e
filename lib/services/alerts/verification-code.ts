/**
 * Six-digit codes that prove an email address or phone number is the admin's to add: made with
 * the crypto RNG, stored only as a SHA-256 hash, compared in constant time. A code lives 15
 * minutes and survives 5 wrong guesses (1 in 200,000 for a guesser), and a new one can be sent
 * once a minute, so nobody floods a number with texts.
 */
import "server-only";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";

export const CODE_TTL_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_AFTER_MS = 60_000;

export function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

export function newVerificationCode(): { code: string; hash: string } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return { code, hash: hashCode(code) };
}

export function codeMatches(code: string, hash: string): boolean {
  const given = Buffer.from(hashCode(code), "hex");
  const stored = Buffer.from(hash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
