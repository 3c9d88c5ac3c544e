/** Reads the local stack's captured messages (local_dev.outbox exists only there). */
import "server-only";
import { withService } from "@/lib/db";

export const OUTBOX_CHANNELS = ["email", "sms", "webhook"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export type OutboxMessage = {
  id: string;
  created_at: Date;
  channel: OutboxChannel;
  source: string;
  /** An email address, a phone number, or a webhook URL. */
  recipient: string;
  /** An email's subject; a webhook's event type; null for SMS. */
  subject: string | null;
  body_html: string | null;
  /** An email's plain-text part, an SMS's text, a webhook's JSON body exactly as posted. */
  body_text: string | null;
  meta: {
    type?: string;
    link?: string;
    /** Webhooks: the request's headers (signature included) and the endpoint's answer. */
    headers?: Record<string, string>;
    status?: number;
  };
};

export const OUTBOX_PAGE_SIZE = 50;

export function isOutboxChannel(value: string | undefined): value is OutboxChannel {
  return OUTBOX_CHANNELS.some((channel) => channel === value);
}

/** The newest messages first, optionally only those to one recipient or on one channel. */
export function listOutboxMessages(filter: { recipient?: string; channel?: OutboxChannel }): Promise<OutboxMessage[]> {
  const { recipient, channel } = filter;
  return withService(
    (tx) => tx<OutboxMessage[]>`
      select id, created_at, channel, source, recipient, subject, body_html, body_text, meta
      from local_dev.outbox
      where true
        ${recipient ? tx`and lower(recipient) = lower(${recipient})` : tx``}
        ${channel ? tx`and channel = ${channel}` : tx``}
      order by id desc
      limit ${OUTBOX_PAGE_SIZE}
    `,
  );
}
