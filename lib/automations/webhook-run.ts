/**
 * A call_webhook run: POST `action.requested` (queued) or `action.undone` (undoing), signed per
 * Standard Webhooks with the channel's secret, to one of the organization's webhook channels. The
 * webhook-id is the run's id (`…-undo` on the way back), the same on every retry, so a receiver
 * drops a delivery it already has. Sent with the dispatcher's own sender (lib/delivery), so the
 * same SSRF guard, timeout and error typing apply.
 */
import type { TransactionSql } from "postgres";
import { z } from "zod";
import { appLink } from "../core/alerts/app-links.ts";
import { alertPayloadSchema, type AlertPayload } from "../core/alerts/notification-payload.ts";
import { actionWebhookEvent } from "../core/alerts/webhook-event.ts";
import { DeliveryError } from "../delivery/errors.ts";
import { sendWebhook } from "../delivery/webhook-sender.ts";
import { webhookDidSchema, type WebhookDid } from "./run-did.ts";
import { retryOutcome, type ClaimedRun, type Outcome, type RunnerSettings, type WithService } from "./run-outcome.ts";

const targetSchema = z.object({ channel_id: z.uuid() });

type Channel = { name: string; destination: string; signing_secret: string | null; disabled_at: Date | null };

export async function carryOutWebhook(withService: WithService, run: ClaimedRun, settings: RunnerSettings): Promise<Outcome> {
  const requesting = run.status === "queued";
  const target = targetSchema.parse(run.target);
  const did: WebhookDid | null = run.did === null ? null : webhookDidSchema.parse(run.did);
  const { channel, payload } = await withService((tx) => readFacts(tx, run, target.channel_id));
  if (channel === null) {
    return requesting
      ? { status: "skipped", did, note: "The webhook channel was removed." }
      : { status: "done", did, note: "The webhook channel was removed, so action.undone was not sent." };
  }
  if (channel.disabled_at !== null || channel.signing_secret === null) {
    const disabled = `The webhook channel “${channel.name}” is disabled: turn it back on under Settings → Channels`;
    return requesting ? { status: "failed", did, note: `${disabled}, then Try again.` } : { status: "done", did, note: `${disabled}, then Undo again.` };
  }

  const webhookId = requesting ? run.id : `${run.id}-undo`;
  const link = settings.siteUrl ? appLink(settings.siteUrl, payload.org.slug, "alerts", { alert: payload.alert.id }) : "";
  const body = actionWebhookEvent(requesting ? "action.requested" : "action.undone", run, payload, link, new Date());
  try {
    const sent = await sendWebhook({ id: webhookId, url: channel.destination, secret: channel.signing_secret, body }, { allowPrivate: settings.allowPrivateWebhooks ?? false });
    const delivery = { webhook_id: webhookId, status: sent.status, sent_at: new Date().toISOString() };
    if (requesting) return { status: "done", did: { requested: delivery }, note: null };
    return { status: "undone", did: { ...did, undone: delivery }, note: null };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    const retry = retryOutcome(run, error, did, settings.random ?? Math.random);
    if (retry) return retry;
    return requesting
      ? { status: "failed", did, note: `${error.message}.` }
      : { status: "done", did, note: `action.undone could not be delivered: ${error.message}. Press Undo to try again.` };
  }
}

async function readFacts(tx: TransactionSql, run: ClaimedRun, channelId: string): Promise<{ channel: Channel | null; payload: AlertPayload }> {
  const [channel] = await tx<Channel[]>`
    select c.name, c.destination, c.signing_secret, c.disabled_at
    from public.notification_channels c
    join public.alert_action_runs r on r.org_id = c.org_id
    where c.id = ${channelId} and r.id = ${run.id} and c.kind = 'webhook'`;
  const [{ payload }] = await tx<{ payload: unknown }[]>`
    select private.alert_payload(a, case a.status when 'resolved' then 'alert_resolved' else 'alert_fired' end) as payload
    from public.alerts a where a.id = ${run.alert_id}`;
  return { channel: channel ?? null, payload: alertPayloadSchema.parse(payload) };
}
