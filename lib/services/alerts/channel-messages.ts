/**
 * Messages to a channel itself — its verification code, a test — go through the same outbox as
 * alerts (public.notifications), so they are retried, logged and captured at /dev/outbox like
 * any other. People may not write the outbox, so the row is written as service_role inside the
 * admin's transaction (after the verb checked the role and found the channel under RLS), and
 * the dispatcher is poked to send it now rather than at the next minute.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import type { TestPayload, VerificationPayload } from "@/lib/core/alerts/notification-payload";
import type { Organization } from "@/lib/tenancy/context";
import { asServiceRole } from "@/lib/services/as-service-role";
import type { Channel } from "./channel-row";
import { CODE_TTL_MS, newVerificationCode } from "./verification-code";

type Recipient = Pick<Channel, "id" | "kind" | "name" | "destination">;

const orgOf = (org: Organization) => ({ id: org.id, name: org.name, slug: org.slug });

/** Queues one message; the caller's transaction must already run as service_role. */
async function enqueue(tx: Tx, orgId: string, channel: Recipient, payload: VerificationPayload | TestPayload): Promise<void> {
  await tx`
    insert into public.notifications (org_id, channel_id, purpose, channel, destination, payload)
    values (${orgId}, ${channel.id}, ${payload.type}, ${channel.kind}, ${channel.destination}, ${tx.json(payload)})`;
  await tx`select private.poke_dispatcher()`;
}

/** A new code replaces any earlier one (and its wrong guesses), valid for 15 minutes from `now`. */
export function sendVerificationCode(tx: Tx, org: Organization, channel: Recipient, now: number): Promise<void> {
  const { code, hash } = newVerificationCode();
  const expiresAt = new Date(now + CODE_TTL_MS);
  return asServiceRole(tx, async () => {
    await tx`
      update public.notification_channels
      set verification_code_hash = ${hash}, verification_expires_at = ${expiresAt}, verification_attempts = 0
      where id = ${channel.id} and org_id = ${org.id}`;
    await enqueue(tx, org.id, channel, { type: "verification", org: orgOf(org), channel_name: channel.name, code, expires_at: expiresAt.toISOString() });
  });
}

export function sendTestMessage(tx: Tx, org: Organization, channel: Recipient, requestedBy: string | null): Promise<void> {
  return asServiceRole(tx, () => enqueue(tx, org.id, channel, { type: "test", org: orgOf(org), channel_name: channel.name, requested_by: requestedBy }));
}
