/** What every email transport accepts and answers, checked once before any of them sees it. */
import { z } from "zod";
import { DeliveryError, type DeliveryProvider } from "./errors.ts";

// Resend's rule for tag names and values; `source` follows it too because it is sent as a tag.
const tagText = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "only ASCII letters, digits, _ and - (at most 256)");

export const emailMessageSchema = z.object({
  to: z.email(),
  subject: z.string().min(1),
  html: z.string().min(1),
  text: z.string().min(1),
  /** Same key, same message: sent once however often it is retried (Resend keeps keys for 24 hours). */
  idempotencyKey: z.string().min(1).max(256).optional(),
  tags: z.record(tagText, tagText).optional(),
  /** Which part of the app sent it ("invitations", "alerts"): a tag at Resend, a column in the local outbox. */
  source: tagText,
  /** What kind of message it is ("alert_fired", "verification"…), when the source sends several: shown in /dev/outbox. */
  type: z.string().min(1).max(64).optional(),
  /** The message's main link (e.g. accept an invitation): /dev/outbox shows it as a button. */
  link: z.url().optional(),
});

export type EmailMessage = z.infer<typeof emailMessageSchema>;

export type SentMessage = { provider: DeliveryProvider; id: string };

export type EmailTransport = {
  provider: DeliveryProvider;
  send(message: EmailMessage): Promise<SentMessage>;
};

/**
 * Every transport starts with this: a malformed message is refused the same way everywhere, as Resend would (validation_error).
 * A recipient that is no address is the destination's fault (permanent); anything else is ours.
 */
export function parseEmailMessage(message: EmailMessage, provider: DeliveryProvider): EmailMessage {
  const parsed = emailMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new DeliveryError(`Invalid email message: ${problems}`, {
    channel: "email",
    provider,
    code: "validation_error",
    status: null,
    retryable: false,
    permanent: parsed.error.issues.some((issue) => issue.path[0] === "to"),
  });
}
