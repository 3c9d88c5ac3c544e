/**
 * The dashboard's open-alerts card, as the signed-in member (viewers and up): how many alerts are
 * open (neither acknowledged nor resolved) — the count behind the Alerts link's badge — and the
 * newest few, as the alert center lists them.
 */
import "server-only";
import type { AlertView } from "@/lib/services/alerts/alert-row";
import { countOpenAlerts } from "@/lib/services/alerts/count-open-alerts";
import { listAlerts } from "@/lib/services/alerts/list-alerts";
import { byUser } from "@/lib/services/budgets/budget-caller";
import type { OrgContext } from "@/lib/tenancy/context";
import { DASHBOARD_ALERTS_SHOWN } from "./dashboard-schemas";

export type DashboardAlerts = { open: number; newest: AlertView[] };

export async function getDashboardAlerts(ctx: OrgContext): Promise<DashboardAlerts> {
  const caller = byUser(ctx);
  const [open, page] = await Promise.all([countOpenAlerts(caller), listAlerts(caller, { status: "open", limit: DASHBOARD_ALERTS_SHOWN })]);
  return { open, newest: page.alerts };
}
