/**
 * Who calls an alert verb: a signed-in user (SQL as that user under RLS; the role is checked here
 * first for a clear message) or an API key (service_role with the key's organization explicit in
 * every statement; the /api/v1 wrapper has already checked its scope: read for GET, write for the
 * rest). The callers are the budget verbs' (budget-caller.ts), so one key or page reaches both.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import type { BudgetCaller } from "@/lib/services/budgets/budget-caller";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { ForbiddenError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import type { Organization } from "@/lib/tenancy/context";
import { isAtLeast, type OrgRole } from "@/lib/tenancy/roles";

/** Made with byUser / byApiKey from budget-caller.ts. */
export type AlertCaller = BudgetCaller;

/** What a user needs for each kind of alert verb, and what they are told below it. */
const ACCESS = {
  read: { role: "viewer", message: "Only members of this organization can see its alerts." },
  acknowledge: { role: "member", message: "Viewers can't acknowledge alerts. Ask a member or an admin." },
  manage: { role: "admin", message: "Only admins and owners can change alert rules." },
} as const satisfies Record<string, { role: OrgRole; message: string }>;

export type AlertAccess = keyof typeof ACCESS;

/** Runs `fn` in one transaction as the caller, after the user's role check (a refusal is a rejected promise, like every failure). */
export async function asAlertCaller<T>(caller: AlertCaller, access: AlertAccess, fn: (tx: Tx, org: Organization) => Promise<T>): Promise<T> {
  if (caller.kind === "user") {
    if (!isAtLeast(caller.ctx.org.role, ACCESS[access].role)) throw new ForbiddenError(ACCESS[access].message);
    return asActor(caller.ctx.actor, (tx) => fn(tx, caller.ctx.org));
  }
  return asApiKey(caller.principal, (tx) => fn(tx, caller.principal.org));
}
