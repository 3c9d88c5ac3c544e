/**
 * Whom a rule may tell, for the rule forms and lists: the members (anyone may see who is in the
 * organization) and, for members and up, the channels — with whether each can receive yet.
 */
import "server-only";
import { listChannels } from "@/lib/services/alerts/list-channels";
import { listMembers } from "@/lib/services/organizations/list-members";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import type { RecipientOptions } from "./rule-form";

export async function recipientOptions(ctx: OrgContext): Promise<RecipientOptions> {
  const [members, channels] = await Promise.all([listMembers(ctx), isAtLeast(ctx.org.role, "member") ? listChannels(ctx) : Promise.resolve([])]);
  return {
    members: members.map(({ userId, email }) => ({ userId, email })),
    channels: channels.map(({ id, name, kind, status }) => ({ id, name, kind, ready: status === "verified" })),
  };
}
