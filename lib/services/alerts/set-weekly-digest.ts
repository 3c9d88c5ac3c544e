/**
 * Opts the signed-in member in or out of this organization's weekly digest (any role), through
 * private.set_weekly_digest, which changes the caller's own membership and nothing else.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { WeeklyDigestInput } from "./channel-schemas";

export async function setWeeklyDigest(ctx: OrgContext, input: { enabled?: boolean | "on" | "off" }): Promise<{ enabled: boolean }> {
  const { enabled } = parseInput(WeeklyDigestInput, input);
  await asActor(ctx.actor, (tx) => tx`select private.set_weekly_digest(${ctx.org.id}, ${enabled})`);
  return { enabled };
}
