/** GET /<org>/dashboard/data/alerts — open alerts: the count and the newest few (lib/services/dashboard/get-dashboard-alerts.ts). */
import { z } from "zod";
import { orgRoute } from "@/lib/actions/org-route";
import { getDashboardAlerts } from "@/lib/services/dashboard/get-dashboard-alerts";

export const GET = orgRoute({ schema: z.object({}), handler: (ctx) => getDashboardAlerts(ctx) });
