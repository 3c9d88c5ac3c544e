/**
 * Runs alert evaluation inside the caller's transaction as service_role, then restores the
 * caller's role. The evaluators write alerts and outbox rows that no user may write directly
 * (RLS grants people only acknowledging); the caller has already been authorized for the
 * change that prompted the evaluation, in the same transaction.
 */
import "server-only";
import type { Tx } from "@/lib/db";

export async function asEvaluator<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const [{ role }] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  if (role === "service_role") return fn();
  await tx`select set_config('role', 'service_role', true)`;
  const result = await fn();
  await tx`select set_config('role', ${role}, true)`;
  return result;
}
