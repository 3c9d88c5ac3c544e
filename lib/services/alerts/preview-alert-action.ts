/**
 * What an action would do if its rule fired now — the dry run: the same SQL that carries actions
 * out (private.apply_alert_action) runs inside a savepoint that is rolled back, so the preview
 * can never disagree with what a run would do, and nothing (not even an audit row) is kept.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import { asServiceRole } from "@/lib/services/as-service-role";
import type { ActionPreview } from "./action-schemas";

export type ActionTarget = { budget_id: string } | { api_key_id: string; scope: string };
type Outcome = { did?: Record<string, string>; skipped?: string };

export async function previewAlertAction(tx: Tx, orgId: string, kind: string, target: ActionTarget): Promise<ActionPreview> {
  await tx`savepoint alert_action_preview`;
  const [{ outcome }] = await asServiceRole(tx, () => tx<{ outcome: Outcome }[]>`
    select private.apply_alert_action(${kind}, ${tx.json(target)}) as outcome`);
  await tx`rollback to savepoint alert_action_preview`;
  if (outcome.skipped !== undefined) return { would_change: false, description: `Nothing to do now: ${outcome.skipped}` };
  if ("budget_id" in target) {
    const [budget] = await tx<{ name: string }[]>`select name from public.budgets where id = ${target.budget_id} and org_id = ${orgId}`;
    return {
      would_change: true,
      description: `Switches budget "${budget?.name ?? target.budget_id}" from ${outcome.did?.enforcement_before} to hard enforcement: checks deny what no longer fits.`,
    };
  }
  const [key] = await tx<{ name: string; prefix: string }[]>`select name, prefix from public.api_keys where id = ${target.api_key_id} and org_id = ${orgId}`;
  const refused = target.scope === "ingest" ? "its usage events" : "its pre-spend checks";
  return {
    would_change: true,
    description: `Takes the ${target.scope} scope from API key "${key?.name}" (${key?.prefix}…): ${refused} are refused until someone undoes it.`,
  };
}
