/**
 * Turns a disabled channel back on (admins), e.g. after the number or mailbox was fixed. The
 * provider refused it for good, so it must prove itself again: it comes back unverified — email
 * and SMS get a new code at once, a webhook needs a test that arrives.
 */
import "server-only";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { asServiceRole } from "@/lib/services/as-service-role";
import { requireChannelAdmin } from "./channel-access";
import { sendVerificationCode } from "./channel-messages";
import { selectChannel, type Channel } from "./channel-row";
import { ChannelIdInput } from "./channel-schemas";

export async function enableChannel(ctx: OrgContext, input: { channelId: string }, now = Date.now()): Promise<Channel> {
  requireChannelAdmin(ctx);
  const { channelId } = parseInput(ChannelIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const channel = await selectChannel(tx, ctx.org.id, channelId);
    if (channel.status !== "disabled") throw new ConflictError("This channel is not disabled.");
    await asServiceRole(tx, () => tx`
      update public.notification_channels
      set disabled_at = null, disabled_reason = null, verified_at = null,
        verification_code_hash = null, verification_expires_at = null, verification_attempts = 0
      where id = ${channelId} and org_id = ${ctx.org.id}`);
    if (channel.kind !== "webhook") await sendVerificationCode(tx, ctx.org, channel, now);
    return selectChannel(tx, ctx.org.id, channelId);
  });
}
