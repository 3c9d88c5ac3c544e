/** Sends a new code to an email or SMS channel that is waiting for one (admins), at most once a minute. */
import "server-only";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireChannelAdmin } from "./channel-access";
import { sendVerificationCode } from "./channel-messages";
import { selectChannel, type Channel } from "./channel-row";
import { ChannelIdInput } from "./channel-schemas";
import { CODE_TTL_MS, RESEND_AFTER_MS } from "./verification-code";

export async function resendVerificationCode(ctx: OrgContext, input: { channelId: string }, now = Date.now()): Promise<Channel> {
  requireChannelAdmin(ctx);
  const { channelId } = parseInput(ChannelIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const channel = await selectChannel(tx, ctx.org.id, channelId);
    if (channel.kind === "webhook") throw new ConflictError("Webhooks are verified by a test delivery, not a code.");
    if (channel.status === "verified") throw new ConflictError("This channel is already verified.");
    if (channel.status === "disabled") throw new ConflictError("This channel is disabled. Turn it back on to get a new code.");
    // The last code was sent when its expiry was set: 15 minutes before it.
    const sentAt = channel.verification_expires_at ? channel.verification_expires_at.getTime() - CODE_TTL_MS : null;
    if (sentAt !== null && now - sentAt < RESEND_AFTER_MS) {
      const wait = Math.ceil((RESEND_AFTER_MS - (now - sentAt)) / 1000);
      throw new ConflictError(`A code was sent moments ago. Wait ${wait} s before asking for another.`);
    }
    await sendVerificationCode(tx, ctx.org, channel, now);
    return selectChannel(tx, ctx.org.id, channelId);
  });
}
