/** GET /<org>/dashboard/data/top?range — top models, teams and projects (lib/services/dashboard/get-dashboard-top.ts). */
import { orgRoute } from "@/lib/actions/org-route";
import { DashboardQuery } from "@/lib/services/dashboard/dashboard-schemas";
import { getDashboardTop } from "@/lib/services/dashboard/get-dashboard-top";

export const GET = orgRoute({ schema: DashboardQuery, handler: getDashboardTop });
