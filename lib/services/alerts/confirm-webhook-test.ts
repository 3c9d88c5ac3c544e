/**
 * Verifies a webhook endpoint by its latest test (admins): once the dispatcher delivered it
 * (status sent — the endpoint answered 2xx to a signed request), the endpoint is verified. A test
 * still on its way, or one that failed, says so with the provider's error.
 */
import "server-only";
import { ConflictError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { asServiceRole } from "@/lib/services/as-service-role";
import { requireChannelAdmin } from "./channel-access";
import { selectChannel, type Channel } from "./channel-row";
import { ChannelIdInput } from "./channel-schemas";

export async function confirmWebhookTest(ctx: OrgContext, input: { channelId: string }): Promise<Channel> {
  requireChannelAdmin(ctx);
  const { channelId } = parseInput(ChannelIdInput, input);
  return asActor(ctx.actor, async (tx) => {
    const channel = await selectChannel(tx, ctx.org.id, channelId);
    if (channel.kind !== "webhook") throw new ConflictError("Email and SMS channels are verified with their code.");
    if (channel.status === "verified") return channel;
    if (channel.status === "disabled") throw new ConflictError("This channel is disabled. Turn it back on first.");
    const test = channel.latest_test;
    if (!test) throw new ConflictError("Send a test first: the endpoint is verified when a test reaches it.");
    if ((test.status === "pending" || test.status === "sending") && !test.last_error) {
      throw new ConflictError("The test is still on its way. Try again in a few seconds.");
    }
    if (test.status === "pending" || test.status === "sending") {
      throw new ConflictError(`The test has not arrived yet: ${test.last_error}. It is being retried; fix the endpoint or send another test.`);
    }
    if (test.status !== "sent") {
      throw new ConflictError(`The test did not arrive${test.last_error ? `: ${test.last_error}` : ""}. Fix the endpoint and send another test.`);
    }
    // verified_at is service_role's to set (people may only rename a channel).
    await asServiceRole(tx, () => tx`update public.notification_channels set verified_at = now() where id = ${channelId} and org_id = ${ctx.org.id}`);
    return selectChannel(tx, ctx.org.id, channelId);
  });
}
