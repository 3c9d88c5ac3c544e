"use server";

import { orgAction } from "@/lib/actions/org-action";
import { decideRecommendation as decide, DecideRecommendationInput } from "@/lib/services/recommendations/decide-recommendation";

export const decideRecommendation = orgAction({ schema: DecideRecommendationInput, minimumRole: "member", handler: decide });
