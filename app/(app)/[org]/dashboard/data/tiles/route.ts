/** GET /<org>/dashboard/data/tiles — today, month-to-date and the month-end forecast (lib/services/dashboard/get-dashboard-tiles.ts). */
import { z } from "zod";
import { orgRoute } from "@/lib/actions/org-route";
import { getDashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";

export const GET = orgRoute({ schema: z.object({}), handler: (ctx) => getDashboardTiles(ctx) });
