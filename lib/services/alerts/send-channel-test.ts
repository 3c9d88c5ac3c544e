/**
 * Sends a test message to a channel (admins): to a verified email or phone number, or to any
 * enabled webhook — for webhooks a test that arrives is what verifies the endpoint
 * (confirm-webhook-test.ts). At most one test a minute per channel.
 */
import "server-only";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireChannelAdmin } from "./channel-access";
import { sendTestMessage } from "./channel-messages";
import { selectChannel, type Channel } from "./channel-row";
import { ChannelIdInput } from "./channel-schemas";
import { RESEND_AFTER_MS } from "./verification-code";

export async function sendChannelTest(ctx: OrgContext, input: { channelId: string }, now = Date.now()): Promise<Channel> {
  requireChannelAdmin(ctx);
  const { channelId } = parseInput(ChannelIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const channel = await selectChannel(tx, ctx.org.id, channelId);
    if (channel.status === "disabled") throw new ConflictError("This channel is disabled. Turn it back on first.");
    if (channel.kind !== "webhook" && channel.status !== "verified") throw new ConflictError("Verify this channel with its code first.");
    const last = channel.latest_test?.created_at.getTime();
    if (last !== undefined && now - last < RESEND_AFTER_MS) {
      throw new ConflictError(`A test was sent moments ago. Wait ${Math.ceil((RESEND_AFTER_MS - (now - last)) / 1000)} s before sending another.`);
    }
    await sendTestMessage(tx, ctx.org, channel, ctx.actor.email || null);
    return selectChannel(tx, ctx.org.id, channelId);
  });
}
