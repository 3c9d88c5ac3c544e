/** GET /<org>/dashboard/data/budgets — the budget cards, worst first (lib/services/dashboard/get-dashboard-budgets.ts). */
import { z } from "zod";
import { orgRoute } from "@/lib/actions/org-route";
import { getDashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";

export const GET = orgRoute({ schema: z.object({}), handler: (ctx) => getDashboardBudgets(ctx) });
