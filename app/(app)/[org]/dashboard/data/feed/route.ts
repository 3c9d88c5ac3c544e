/** GET /<org>/dashboard/data/feed — the newest stored events, the live feed's first paint (lib/services/dashboard/get-dashboard-feed.ts). */
import { z } from "zod";
import { orgRoute } from "@/lib/actions/org-route";
import { getDashboardFeed } from "@/lib/services/dashboard/get-dashboard-feed";

export const GET = orgRoute({ schema: z.object({}), handler: (ctx) => getDashboardFeed(ctx) });
