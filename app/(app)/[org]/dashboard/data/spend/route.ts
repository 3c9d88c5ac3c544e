/** GET /<org>/dashboard/data/spend?range&granularity — spend over time by service (lib/services/dashboard/get-dashboard-spend.ts). */
import { orgRoute } from "@/lib/actions/org-route";
import { DashboardQuery } from "@/lib/services/dashboard/dashboard-schemas";
import { getDashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";

export const GET = orgRoute({ schema: DashboardQuery, handler: getDashboardSpend });
