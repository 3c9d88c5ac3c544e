/**
 * The alerts a budget's rules fired, for its page: every unresolved one (open or acknowledged —
 * what still needs someone) and the most recent resolved ones, newest first. Another
 * organization's budget id is not found (viewers and up; API keys with "read").
 */
import "server-only";
import { selectAlerts, type AlertView } from "@/lib/services/alerts/alert-row";
import { asAlertCaller, type AlertCaller } from "@/lib/services/alerts/alert-caller";
import { seesDeliveries } from "@/lib/services/alerts/list-alerts";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { selectBudget } from "./budget-row";
import { BudgetIdInput } from "./schemas";

/** Unresolved alerts listed per status at most (one per rule, subject and period: more only for per-subject budgets). */
export const UNRESOLVED_LIMIT = 50;
export const RESOLVED_LIMIT = 10;

export type BudgetAlerts = {
  alerts: AlertView[];
  /** Whether older resolved alerts (or more unresolved than listed) exist: the alert center has them all. */
  more: boolean;
};

const newestFirst = (a: AlertView, b: AlertView) => b.fired_at.localeCompare(a.fired_at) || b.id.localeCompare(a.id);

export async function listBudgetAlerts(caller: AlertCaller, budgetId: string): Promise<BudgetAlerts> {
  const { budgetId: id } = parseInput(BudgetIdInput, { budgetId });
  return asAlertCaller(caller, "read", async (tx, org) => {
    const budget = await selectBudget(tx, org.id, id);
    const read = async (status: AlertView["status"], limit: number) => {
      // One more than listed tells whether there are more.
      const rows = await selectAlerts(tx, org.id, { budgetId: budget.id, status, limit: limit + 1 }, seesDeliveries(caller));
      return { alerts: rows.slice(0, limit).map(({ cursor_at: _cursor, ...alert }) => alert), more: rows.length > limit };
    };
    const groups = [await read("open", UNRESOLVED_LIMIT), await read("acknowledged", UNRESOLVED_LIMIT), await read("resolved", RESOLVED_LIMIT)];
    return { alerts: groups.flatMap((group) => group.alerts).sort(newestFirst), more: groups.some((group) => group.more) };
  });
}
