/**
 * Checks the code sent to an email or SMS channel (admins). A wrong code counts an attempt and
 * the count is kept even though the answer is an error (the transaction commits first); after 5
 * wrong codes, or 15 minutes, only a new code helps. The hash is compared in constant time.
 */
import "server-only";
import { ConflictError, InvalidError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { asServiceRole } from "@/lib/services/as-service-role";
import { requireChannelAdmin } from "./channel-access";
import { selectChannel, type Channel } from "./channel-row";
import { VerifyChannelInput } from "./channel-schemas";
import { codeMatches, MAX_CODE_ATTEMPTS } from "./verification-code";

type Outcome = { result: "verified" } | { result: "wrong"; left: number } | { result: "no_code" | "expired" | "too_many" };

const FAILURES: Record<Exclude<Outcome["result"], "verified" | "wrong">, string> = {
  no_code: "No code is waiting for this channel. Send a new code.",
  expired: "This code has expired. Send a new code.",
  too_many: "Too many wrong codes. Send a new code.",
};

export async function verifyChannelCode(ctx: OrgContext, input: { channelId: string; code: string }, now = Date.now()): Promise<Channel> {
  requireChannelAdmin(ctx);
  const { channelId, code } = parseInput(VerifyChannelInput, input);
  const { outcome, channel } = await asActor(ctx.actor, async (tx) => {
    // Found under RLS first: another organization's channel is not found, whatever the code.
    const found = await selectChannel(tx, ctx.org.id, channelId);
    if (found.kind === "webhook") throw new ConflictError("Webhooks are verified by a test delivery, not a code.");
    if (found.status === "disabled") throw new ConflictError("This channel is disabled. Turn it back on to get a new code.");
    if (found.status === "verified") return { outcome: { result: "verified" } as Outcome, channel: found };
    // The code's hash and attempts are service_role's alone.
    const outcome = await asServiceRole(tx, async (): Promise<Outcome> => {
      const [row] = await tx<{ hash: string | null; expires_at: Date | null; attempts: number }[]>`
        select verification_code_hash as hash, verification_expires_at as expires_at, verification_attempts as attempts
        from public.notification_channels where id = ${channelId} and org_id = ${ctx.org.id} for update`;
      if (!row.hash || !row.expires_at) return { result: "no_code" };
      if (row.attempts >= MAX_CODE_ATTEMPTS) return { result: "too_many" };
      if (row.expires_at.getTime() <= now) return { result: "expired" };
      if (!codeMatches(code, row.hash)) {
        await tx`update public.notification_channels set verification_attempts = verification_attempts + 1 where id = ${channelId}`;
        const left = MAX_CODE_ATTEMPTS - row.attempts - 1;
        return left > 0 ? { result: "wrong", left } : { result: "too_many" };
      }
      await tx`
        update public.notification_channels
        set verified_at = ${new Date(now)}, verification_code_hash = null, verification_expires_at = null, verification_attempts = 0
        where id = ${channelId}`;
      return { result: "verified" };
    });
    return { outcome, channel: await selectChannel(tx, ctx.org.id, channelId) };
  });
  if (outcome.result === "verified") return channel;
  const message =
    outcome.result === "wrong" ? `That code is not right. ${outcome.left} ${outcome.left === 1 ? "attempt" : "attempts"} left.` : FAILURES[outcome.result];
  throw new InvalidError(message, { code: [message] });
}
