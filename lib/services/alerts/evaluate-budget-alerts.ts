/**
 * Re-evaluates budgets' actual and forecast rules after a change that moves them without new
 * spend: a budget or rule saved, spend repriced (see lib/alerting/evaluate-budgets.ts). Runs in the
 * caller's transaction, so the alerts commit (and notify) with the change or not at all.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { evaluateBudgets } from "@/lib/alerting/evaluate-budgets";
import { asServiceRole } from "@/lib/services/as-service-role";

export async function evaluateBudgetAlerts(tx: Tx, orgId: string, budgetIds: string[], now = Date.now()): Promise<void> {
  if (budgetIds.length === 0) return;
  await asServiceRole(tx, () => evaluateBudgets(tx, orgId, budgetIds, now));
}
