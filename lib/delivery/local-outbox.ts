/**
 * The local stack's stand-in for every provider: messages are written to local_dev.outbox (shown at
 * /dev/outbox) instead of leaving the machine. The table exists only on the local stack.
 */
import { DeliveryError, type Channel } from "./errors.ts";
import { parseEmailMessage, type EmailTransport } from "./email-message.ts";
import { parseSmsMessage, type SmsTransport } from "./sms-message.ts";
import type { WithService } from "./with-service.ts";

export type CapturedMessage = {
  channel: Channel;
  source: string;
  recipient: string;
  subject: string | null;
  bodyHtml: string | null;
  bodyText: string | null;
  idempotencyKey?: string;
  meta: Record<string, unknown>;
};

/** A key reused for a different message: the provider would refuse it, so the outbox does too. */
export class OutboxIdempotencyConflictError extends Error {}

/**
 * Inserts the message once per idempotency key, like a provider: the same key returns the row it
 * made the first time. The table has no unique index on the key (it is shared with auth mail), so
 * an advisory lock on the key serializes concurrent sends instead.
 */
export function captureInOutbox(withService: WithService, message: CapturedMessage): Promise<string> {
  const { channel, source, recipient, subject, bodyHtml, bodyText, idempotencyKey } = message;
  const meta = { ...message.meta, idempotency_key: idempotencyKey ?? null };
  return withService(async (tx) => {
    if (idempotencyKey) {
      await tx`select pg_advisory_xact_lock(hashtextextended(${`local_dev.outbox:${channel}:${idempotencyKey}`}, 0))`;
      const [earlier] = await tx<{ id: string; same: boolean }[]>`
        select id::text,
               (recipient, subject, body_html, body_text) is not distinct from
                 (${recipient}::text, ${subject}::text, ${bodyHtml}::text, ${bodyText}::text) as same
        from local_dev.outbox
        where channel = ${channel} and meta->>'idempotency_key' = ${idempotencyKey}
        order by id
        limit 1`;
      if (earlier && !earlier.same) {
        throw new OutboxIdempotencyConflictError(`idempotency key ${idempotencyKey} was already used for a different ${channel}`);
      }
      if (earlier) return earlier.id;
    }
    const [row] = await tx<{ id: string }[]>`
      insert into local_dev.outbox (channel, source, recipient, subject, body_html, body_text, meta)
      values (${channel}, ${source}, ${recipient}, ${subject}, ${bodyHtml}, ${bodyText}, ${tx.json(meta)})
      returning id::text`;
    return row.id;
  });
}

/** Captures like a provider answers: an id, or Resend's 409 for a key reused for another message. */
async function capture(withService: WithService, message: CapturedMessage): Promise<{ provider: "local-outbox"; id: string }> {
  try {
    return { provider: "local-outbox", id: `local-${await captureInOutbox(withService, message)}` };
  } catch (error) {
    if (!(error instanceof OutboxIdempotencyConflictError)) throw error;
    throw new DeliveryError(error.message, {
      channel: message.channel, provider: "local-outbox", code: "invalid_idempotent_request", status: 409, retryable: false,
    }, { cause: error });
  }
}

export function localOutboxEmailTransport(withService: WithService): EmailTransport {
  return {
    provider: "local-outbox",
    async send(input) {
      const message = parseEmailMessage(input, "local-outbox");
      return capture(withService, {
        channel: "email",
        source: message.source,
        recipient: message.to,
        subject: message.subject,
        bodyHtml: message.html,
        bodyText: message.text,
        idempotencyKey: message.idempotencyKey,
        meta: { type: message.type ?? message.source, tags: message.tags ?? {}, ...(message.link ? { link: message.link } : {}) },
      });
    },
  };
}

export function localOutboxSmsTransport(withService: WithService): SmsTransport {
  return {
    provider: "local-outbox",
    async send(input) {
      const message = parseSmsMessage(input, "local-outbox");
      return capture(withService, {
        channel: "sms",
        source: message.source,
        recipient: message.to,
        subject: null,
        bodyHtml: null,
        bodyText: message.body,
        idempotencyKey: message.idempotencyKey,
        meta: { type: message.type ?? message.source },
      });
    },
  };
}
