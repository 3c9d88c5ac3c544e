/** The organization's notification channels, oldest first (members and up; the latest test's outcome for admins). */
import "server-only";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireChannelReader } from "./channel-access";
import { selectChannels, type Channel } from "./channel-row";

export async function listChannels(ctx: OrgContext): Promise<Channel[]> {
  requireChannelReader(ctx);
  return asActor(ctx.actor, (tx) => selectChannels(tx, ctx.org.id));
}
