/**
 * Recomputes a budget's ledgers (lib/budgets/rebuild-ledgers.ts) after it is created, or its
 * period, time zone, scope, subject or cost basis changes. Runs inside the caller's transaction, so
 * the budget and its ledgers commit together; private.rebuild_budget_ledgers is service_role's
 * alone, so the role is switched for it and switched back (the function holds the organization's
 * pricing lock: ingest waits, then adds to the rebuilt ledgers).
 */
import "server-only";
import { rebuildLedgers } from "@/lib/budgets/rebuild-ledgers";
import type { Tx } from "@/lib/db";
import { asServiceRole } from "@/lib/services/as-service-role";

export function rebuildBudgetLedgers(tx: Tx, orgId: string, budgetId: string, now = Date.now()): Promise<number> {
  return asServiceRole(tx, () => rebuildLedgers(tx, orgId, budgetId, now));
}
