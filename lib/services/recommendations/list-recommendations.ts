/**
 * The recommendations page: what applies now (lib/services/recommendations/current-recommendations.ts),
 * split by people's decisions — open ones (largest saving first), then the dismissed and done ones
 * (latest decision first), each with who decided. A decision whose recommendation no longer
 * applies is not shown (its record stays in the audit log). Any member may read.
 */
import "server-only";
import type { Recommendation } from "@/lib/core/recommendations/types";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { currentRecommendations, windowStart } from "./current-recommendations";

export type RecommendationDecision = { status: "dismissed" | "done"; note: string | null; decided_by: string | null; decided_at: Date };

export type RecommendationItem = Recommendation & { decision: RecommendationDecision | null };

export type RecommendationList = { since: Date; open: RecommendationItem[]; decided: RecommendationItem[] };

export async function listRecommendations(ctx: OrgContext, now = Date.now()): Promise<RecommendationList> {
  return asActor(ctx.actor, async (tx) => {
    const recommendations = await currentRecommendations(tx, ctx.org, now);
    const decisions = await tx<(RecommendationDecision & { key: string })[]>`
      select s.key, s.status, s.note, u.email::text as decided_by, s.decided_at
      from public.recommendation_states s
        left join lateral (select m.email from private.org_members(${ctx.org.id}) m where m.user_id = s.decided_by) u on true
      where s.org_id = ${ctx.org.id}`;
    const byKey = new Map(decisions.map(({ key, ...decision }) => [key, decision]));
    const items = recommendations.map((recommendation) => ({ ...recommendation, decision: byKey.get(recommendation.key) ?? null }));
    return {
      since: windowStart(now),
      open: items.filter((item) => item.decision === null),
      decided: items
        .filter((item) => item.decision !== null)
        .sort((a, b) => b.decision!.decided_at.getTime() - a.decision!.decided_at.getTime()),
    };
  });
}
