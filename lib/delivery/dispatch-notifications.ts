/**
 * Drains the outbox (public.notifications): claims due rows in batches with
 * private.claim_notifications (`for update skip locked`, so concurrent runs never share a row;
 * each claim is an attempt with a two-minute lease), sends each by its channel, and records the
 * outcome (record-outcome.ts, decide-outcome.ts). Run by the dispatch-notifications edge function
 * — every minute from pg_cron and whenever private.record_alerts pokes it — and usable from Node.
 *
 * Exactly once, as far as each provider allows: the notification id is Resend's idempotency key,
 * the Standard Webhooks `webhook-id` receivers deduplicate on, and the local outbox's key. Twilio
 * has no idempotency key for messages: an SMS whose answer was lost (a crash between Twilio
 * accepting it and the row being marked sent) is sent again when the lease runs out.
 *
 * An alert that was acknowledged or resolved before its notification went out is still
 * announced: the message says what fired, and people deserve to know it did. One exception: an
 * alert_fired row whose alert is already resolved and whose alert_resolved message to the same
 * destination is queued or sent is dropped (rejected as `superseded`) — "it fired" arriving
 * after, or right with, "it cleared" would only confuse; the resolved message says what fired.
 */
import type { Sql } from "postgres";
import { notificationPayloadSchema, type NotificationPayload } from "../core/alerts/notification-payload.ts";
import { RenderError, renderNotification, type RenderedMessage } from "../core/alerts/render-notification.ts";
import { failureOutcome, refusedOutcome, type Outcome } from "./decide-outcome.ts";
import type { DeliverySettings } from "./delivery-settings.ts";
import type { EmailTransport } from "./email-message.ts";
import { emailTransport } from "./email-transport.ts";
import { captureInOutbox } from "./local-outbox.ts";
import { recordOutcome, type ClaimedRow } from "./record-outcome.ts";
import { serviceRole } from "./service-role.ts";
import type { SmsTransport } from "./sms-message.ts";
import { smsTransport } from "./sms-transport.ts";
import { sendWebhook, type ResolveHost } from "./webhook-sender.ts";

export type DispatchOptions = {
  /** A connection as the `postgres` role (SUPABASE_DB_URL), which owns the outbox functions. */
  sql: Sql;
  settings: DeliverySettings;
  /** The app's public origin, for links in messages (SPENDGUARD_SITE_URL). */
  siteUrl: string;
  /** Stop claiming after this long, so a run ends well inside pg_net's 60 s timeout. */
  timeBudgetMs?: number;
  batchSize?: number;
  /** Sends in flight at once within a batch. */
  concurrency?: number;
  /** Backoff jitter (Math.random unless a test fixes it). */
  random?: () => number;
  /** Webhook hostnames' addresses (the system resolver unless a test answers). */
  resolveHost?: ResolveHost;
  log?: (message: string) => void;
};

export type DispatchCounts = { claimed: number; sent: number; retried: number; dead: number; rejected: number };

/** Which part of the app each kind of message comes from: the `source` Resend and the local outbox see. */
const SOURCES: Record<NotificationPayload["type"], string> = {
  alert_fired: "alerts",
  alert_resolved: "alerts",
  digest: "digest",
  verification: "channels",
  test: "channels",
  channel_disabled: "channels",
};

const DEFAULT_TIME_BUDGET_MS = 45_000;
const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_CONCURRENCY = 5;
/** Long enough for a send (at most SEND_TIMEOUT_MS) and its bookkeeping, many times over. */
const LEASE = "2 minutes";

type RowContext = { timezone: string; signing_secret: string | null; channel_disabled: boolean; superseded: boolean };

/** A transport built once per run; a missing provider key becomes the error every send of that channel gets. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | { error: unknown } | undefined;
  return () => {
    built ??= (() => {
      try {
        return { value: build() };
      } catch (error) {
        return { error };
      }
    })();
    if ("error" in built) throw built.error;
    return built.value;
  };
}

export async function dispatchNotifications(options: DispatchOptions): Promise<DispatchCounts> {
  const { sql, settings, siteUrl } = options;
  const started = Date.now();
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((message: string) => console.warn(message));
  const withService = serviceRole(sql);
  const email = once<EmailTransport>(() => emailTransport(settings, withService));
  const sms = once<SmsTransport>(() => smsTransport(settings, withService));
  const allowPrivate = settings.WEBHOOK_ALLOW_PRIVATE_URLS === "1";
  const counts: DispatchCounts = { claimed: 0, sent: 0, retried: 0, dead: 0, rejected: 0 };

  async function send(row: ClaimedRow, type: NotificationPayload["type"], message: RenderedMessage, context: RowContext): Promise<Outcome> {
    const source = SOURCES[type];
    if (message.channel === "email") {
      const sent = await email().send({
        to: row.destination, subject: message.subject, html: message.html, text: message.text,
        idempotencyKey: row.id, tags: { type, org: row.org_id }, source, type, link: message.link,
      });
      return { status: "sent", provider: sent.provider, providerMessageId: sent.id };
    }
    if (message.channel === "sms") {
      const sent = await sms().send({ to: row.destination, body: message.body, idempotencyKey: row.id, source, type });
      return { status: "sent", provider: sent.provider, providerMessageId: sent.id };
    }
    if (context.signing_secret === null) return refusedOutcome("no_channel", "The webhook's channel was deleted: there is no secret to sign with");
    const sent = await sendWebhook(
      { id: row.id, url: row.destination, secret: context.signing_secret, body: message.body },
      { allowPrivate, resolveHost: options.resolveHost },
    );
    if (settings.SPENDGUARD_LOCAL_STACK === "1") {
      // A copy for /dev/outbox of exactly what the endpoint received; losing it loses no delivery.
      await captureInOutbox(withService, {
        channel: "webhook", source, recipient: row.destination, subject: message.type, bodyHtml: null,
        bodyText: sent.body, idempotencyKey: row.id, meta: { type, event: message.type, headers: sent.headers, status: sent.status },
      }).catch((error: unknown) => log(`dispatch-notifications: ${row.id}: the outbox copy failed: ${String(error)}`));
    }
    return { status: "sent", provider: "webhook", providerMessageId: sent.id };
  }

  async function attempt(row: ClaimedRow, context: RowContext): Promise<Outcome> {
    if (context.superseded) return refusedOutcome("superseded", "The alert resolved before this was sent; its resolved message went instead");
    if (context.channel_disabled) return refusedOutcome("channel_disabled", "The channel was disabled before this was sent");
    const payload = notificationPayloadSchema.safeParse(row.payload);
    if (!payload.success) {
      return refusedOutcome("invalid_payload", `The payload is not a notification: ${payload.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    }
    let message: RenderedMessage;
    try {
      // A test event's time is when it was asked for, so every attempt signs the same body.
      message = renderNotification(payload.data, row.channel, { siteUrl, timeZone: context.timezone, now: row.created_at });
    } catch (error) {
      if (error instanceof RenderError || error instanceof RangeError) return refusedOutcome("unrenderable", error.message);
      throw error;
    }
    try {
      return await send(row, payload.data.type, message, context);
    } catch (error) {
      return failureOutcome(error, { attempts: row.attempts, maxAttempts: row.max_attempts, channelId: row.channel_id }, random);
    }
  }

  async function settle(row: ClaimedRow, context: RowContext | undefined): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = context ? await attempt(row, context) : refusedOutcome("no_context", "The row vanished while it was being sent");
    } catch (error) {
      outcome = failureOutcome(error, { attempts: row.attempts, maxAttempts: row.max_attempts, channelId: null }, random);
    }
    let recorded: boolean;
    try {
      recorded = await recordOutcome(sql, row, outcome);
    } catch (error) {
      // The row stays claimed; when its lease runs out the next run tries it again.
      log(`dispatch-notifications: ${row.id}: the outcome (${outcome.status}) could not be recorded: ${String(error)}`);
      return;
    }
    if (!recorded) {
      log(`dispatch-notifications: ${row.id}: its lease ran out and another run claimed it; this outcome (${outcome.status}) is dropped`);
      return;
    }
    if (outcome.status === "sent") counts.sent += 1;
    else if (outcome.status === "pending") counts.retried += 1;
    else counts[outcome.status] += 1;
    if (outcome.status !== "sent") {
      const next = outcome.status === "pending" ? `retry in ${Math.round(outcome.delayMs / 1000)} s` : outcome.status;
      log(`dispatch-notifications: ${row.id} (${row.channel}, attempt ${row.attempts}/${row.max_attempts}) ${outcome.code}: ${outcome.error} → ${next}`);
    }
  }

  while (Date.now() - started < timeBudgetMs) {
    const rows = await sql<ClaimedRow[]>`
      select id, org_id, alert_id, channel_id, purpose, channel, destination, payload, attempts, max_attempts, created_at
      from private.claim_notifications(${options.batchSize ?? DEFAULT_BATCH_SIZE}, ${LEASE}::interval)`;
    if (rows.length === 0) break;
    counts.claimed += rows.length;
    const contexts = await sql<(RowContext & { id: string })[]>`
      select n.id, o.timezone, c.signing_secret, c.disabled_at is not null as channel_disabled,
        (n.purpose = 'alert_fired' and a.status = 'resolved' and exists (
          select 1 from public.notifications r
          where r.alert_id = n.alert_id and r.purpose = 'alert_resolved' and r.channel = n.channel
            and r.destination = n.destination and r.status in ('pending', 'sending', 'sent'))) as superseded
      from public.notifications n
      join public.organizations o on o.id = n.org_id
      left join public.notification_channels c on c.id = n.channel_id
      left join public.alerts a on a.id = n.alert_id
      where n.id = any(${rows.map((row) => row.id)}::uuid[])`;
    const byId = new Map(contexts.map((context) => [context.id, context]));
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        await settle(row, byId.get(row.id));
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, rows.length) }, worker));
  }
  return counts;
}
