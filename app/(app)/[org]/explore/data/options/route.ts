/** GET /<org>/explore/data/options — the filter values seen in the range (lib/services/usage/explore-options.ts). */
import { getExploreOptions } from "@/lib/services/usage/explore-options";
import { ExploreQuery } from "@/lib/services/usage/explore-schemas";
import { orgRoute } from "@/lib/actions/org-route";

export const GET = orgRoute({ schema: ExploreQuery, handler: getExploreOptions });
