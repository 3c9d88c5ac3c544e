/** GET /<org>/alerts/open-count — how many alerts are open: the badge on the Alerts link, refetched when `alerts_changed` arrives. */
import { z } from "zod";
import { orgRoute } from "@/lib/actions/org-route";
import { countOpenAlerts } from "@/lib/services/alerts/count-open-alerts";
import { byUser } from "@/lib/services/budgets/budget-caller";

export const GET = orgRoute({ schema: z.object({}), handler: async (ctx) => ({ open: await countOpenAlerts(byUser(ctx)) }) });
