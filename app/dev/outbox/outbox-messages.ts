/** Reads the local stack's captured messages (local_dev.outbox exists only there). */
import "server-only";
import { withService } from "@/lib/db";

export type OutboxMessage = {
  id: string;
  created_at: Date;
  channel: "email" | "sms" | "webhook";
  source: string;
  recipient: string;
  subject: string | null;
  body_html: string | null;
  body_text: string | null;
  meta: { type?: string; link?: string };
};

export const OUTBOX_PAGE_SIZE = 50;

/** The newest messages first, optionally only those to one recipient. */
export function listOutboxMessages(recipient: string | undefined): Promise<OutboxMessage[]> {
  return withService(
    (tx) => tx<OutboxMessage[]>`
      select id, created_at, channel, source, recipient, subject, body_html, body_text, meta
      from local_dev.outbox
      ${recipient ? tx`where lower(recipient) = lower(${recipient})` : tx``}
      order by id desc
      limit ${OUTBOX_PAGE_SIZE}
    `,
  );
}
