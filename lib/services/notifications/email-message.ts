/** What every email transport accepts and answers, checked once before any of them sees it. */
import { z } from "zod";
import { EmailDeliveryError, type EmailProvider } from "./errors";

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
  /** The message's main link (e.g. accept an invitation): /dev/outbox shows it as a button. */
  link: z.url().optional(),
});

export type EmailMessage = z.infer<typeof emailMessageSchema>;

export type SentEmail = { provider: EmailProvider; id: string };

export type EmailTransport = {
  provider: EmailProvider;
  send(message: EmailMessage): Promise<SentEmail>;
};

/** Rejects a malformed message the same way on every transport, as Resend would (validation_error). */
export function parseEmailMessage(message: EmailMessage, provider: EmailProvider): EmailMessage {
  const parsed = emailMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new EmailDeliveryError(`Invalid email message: ${problems}`, { provider, code: "validation_error", status: null, retryable: false });
}
