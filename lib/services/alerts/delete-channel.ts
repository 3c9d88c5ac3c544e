/** Deletes a channel (admins): rules that named it stop naming it (a trigger), its past messages stay in the log. */
import "server-only";
import { NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireChannelAdmin } from "./channel-access";
import { CHANNEL_NOT_FOUND } from "./channel-row";
import { ChannelIdInput } from "./channel-schemas";

export async function deleteChannel(ctx: OrgContext, input: { channelId: string }): Promise<void> {
  requireChannelAdmin(ctx);
  const { channelId } = parseInput(ChannelIdInput, input);
  await asActor(ctx.actor, async (tx) => {
    const deleted = await tx`delete from public.notification_channels where id = ${channelId} and org_id = ${ctx.org.id}`;
    if (deleted.count === 0) throw new NotFoundError(CHANNEL_NOT_FOUND);
  });
}
