/** Joins the signed-in user to the organization an invitation is for (checks live in SQL: SG020–SG025). */
import "server-only";
import type { UserContext } from "@/lib/tenancy/context";
import { parseInput } from "./parse-input";
import { asActor } from "./run";
import { invitationTokenField } from "./schemas";
import { ServiceError } from "@/lib/services/errors";

export async function acceptInvitation(ctx: UserContext, token: string): Promise<{ orgId: string; slug: string }> {
  try {
    parseInput(invitationTokenField, token);
  } catch {
    throw new ServiceError("invitation_invalid", "This invitation link is not valid. Ask for a new invitation.");
  }
  return asActor(ctx.actor, async (tx) => {
    const [{ orgId }] = await tx<{ orgId: string }[]>`select private.accept_invitation(${token}) as "orgId"`;
    const [{ slug }] = await tx<{ slug: string }[]>`select slug from public.organizations where id = ${orgId}`;
    return { orgId, slug };
  });
}
