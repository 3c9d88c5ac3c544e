/** How many alerts are open (not acknowledged, not resolved): the badge on the Alerts link. */
import "server-only";
import { asAlertCaller, type AlertCaller } from "./alert-caller";

export function countOpenAlerts(caller: AlertCaller): Promise<number> {
  return asAlertCaller(caller, "read", async (tx, org) => {
    // alerts_unresolved_idx covers (org_id, status) for unresolved rows.
    const [row] = await tx<{ open: number }[]>`select count(*)::int as open from public.alerts where org_id = ${org.id} and status = 'open'`;
    return row.open;
  });
}
