/**
 * A member dismisses a recommendation, marks it done, or reopens it (removes the decision). Only
 * a recommendation that applies now can be decided — its key is checked against the
 * organization's current ones, in the same transaction — and only an existing decision reopened;
 * anything else (another organization's key included) is not found. The row's policies admit
 * members, a trigger stamps who and when, and every change is audited by trigger.
 */
import "server-only";
import { z } from "zod";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";
import { currentRecommendations } from "./current-recommendations";

export const DecideRecommendationInput = z.object({
  key: z.string().min(1, "Choose a recommendation.").max(500, "Choose a recommendation."),
  status: z.enum(["dismissed", "done", "open"], { error: "Dismiss it, mark it done, or reopen it." }),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
});

export type RecommendationDecided = { key: string; status: "dismissed" | "done" | "open" };

export async function decideRecommendation(ctx: OrgContext, input: z.input<typeof DecideRecommendationInput>, now = Date.now()): Promise<RecommendationDecided> {
  if (!isAtLeast(ctx.org.role, "member")) throw new ForbiddenError("Viewers can read recommendations; members and above decide on them.");
  const { key, status, note } = parseInput(DecideRecommendationInput, input);
  return asActor(ctx.actor, async (tx) => {
    if (status === "open") {
      const reopened = await tx`delete from public.recommendation_states where org_id = ${ctx.org.id} and key = ${key} returning id`;
      if (reopened.count === 0) throw new NotFoundError("That recommendation was not dismissed or done.");
      return { key, status };
    }
    const current = await currentRecommendations(tx, ctx.org, now);
    if (!current.some((recommendation) => recommendation.key === key)) throw new NotFoundError("That recommendation no longer applies.");
    // An empty note box is no note.
    await tx`
      insert into public.recommendation_states (org_id, key, status, note) values (${ctx.org.id}, ${key}, ${status}, ${note || null})
      on conflict on constraint recommendation_states_org_key do update set status = excluded.status, note = excluded.note`;
    return { key, status };
  });
}
