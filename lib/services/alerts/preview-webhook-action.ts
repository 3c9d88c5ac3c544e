/**
 * The dry run of call_webhook: which endpoint would be called and with what, without calling it
 * (a dry run that reached the receiver would not be dry). The channel must be the organization's,
 * a webhook, verified and enabled — the same condition the database checks when the action is
 * saved (private.alert_actions_check).
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { asServiceRole } from "@/lib/services/as-service-role";
import { InvalidError } from "@/lib/services/errors";
import type { ActionPreview } from "./action-schemas";

const UNUSABLE = "Choose a verified webhook channel of this organization (Settings → Channels).";

export async function previewWebhookCall(tx: Tx, orgId: string, channelId: string): Promise<ActionPreview> {
  // Members may not read channels' rows in full; the service role reads just what the preview says.
  const [channel] = await asServiceRole(tx, () => tx<{ name: string; destination: string }[]>`
    select name, destination from public.notification_channels
    where id = ${channelId} and org_id = ${orgId} and kind = 'webhook' and verified_at is not null and disabled_at is null`);
  if (!channel) throw new InvalidError("That webhook channel does not exist or is not verified.", { channel_id: [UNUSABLE] });
  return {
    would_change: true,
    description:
      `POSTs a signed action.requested event (the alert, its budget and the run's id) to webhook “${channel.name}” (${new URL(channel.destination).host}). ` +
      "Undo POSTs action.undone to the same endpoint.",
  };
}
