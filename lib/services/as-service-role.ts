/**
 * Runs `fn` inside the caller's transaction as service_role, then restores the caller's role.
 * For the writes no person may make directly — ledgers rebuilt, alerts and outbox rows,
 * verification codes — after the service verb has authorized the person for the change that
 * needs them, in the same transaction (so both commit together or not at all).
 */
import "server-only";
import type { Tx } from "@/lib/db";

export async function asServiceRole<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const [{ role }] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  if (role === "service_role") return fn();
  await tx`select set_config('role', 'service_role', true)`;
  const result = await fn();
  await tx`select set_config('role', ${role}, true)`;
  return result;
}
