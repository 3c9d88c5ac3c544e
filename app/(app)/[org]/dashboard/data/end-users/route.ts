/** GET /<org>/dashboard/data/end-users?range — top end users, from the raw events (lib/services/dashboard/get-dashboard-top.ts). */
import { orgRoute } from "@/lib/actions/org-route";
import { DashboardQuery } from "@/lib/services/dashboard/dashboard-schemas";
import { getDashboardEndUsers } from "@/lib/services/dashboard/get-dashboard-top";

export const GET = orgRoute({ schema: DashboardQuery, handler: getDashboardEndUsers });
