/** GET /<org>/explore/data/summary — totals, chart series, groups and service health (lib/services/usage/explore-summary.ts). */
import { getExploreSummary } from "@/lib/services/usage/explore-summary";
import { ExploreQuery } from "@/lib/services/usage/explore-schemas";
import { orgRoute } from "@/lib/actions/org-route";

export const GET = orgRoute({ schema: ExploreQuery, handler: getExploreSummary });
