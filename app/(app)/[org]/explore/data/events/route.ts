/** GET /<org>/explore/data/events — one page of the event list (lib/services/usage/explore-events.ts). */
import { listExploreEvents } from "@/lib/services/usage/explore-events";
import { ExploreEventsQuery } from "@/lib/services/usage/explore-schemas";
import { orgRoute } from "@/lib/actions/org-route";

export const GET = orgRoute({ schema: ExploreEventsQuery, handler: listExploreEvents });
