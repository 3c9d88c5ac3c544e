/**
 * A Standard Webhooks signing secret: "whsec_" + base64 of 32 random bytes (the spec allows
 * 24–64). Shown to the admin once when the endpoint is added; the dispatcher signs every message
 * with it, and the receiver verifies with any Standard Webhooks library.
 */
import "server-only";
import { randomBytes } from "node:crypto";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
