/**
 * Who calls a budget verb: a signed-in user (SQL as that user under RLS, role checked here for a
 * clear message) or an API key (service_role with the key's organization explicit in every
 * statement; the /api/v1 wrapper has already checked the key's scope). One implementation per
 * verb runs for both.
 */
import "server-only";
import type { Tx } from "@/lib/db";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { ForbiddenError } from "@/lib/services/errors";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext, Organization } from "@/lib/tenancy/context";
import { isAtLeast } from "@/lib/tenancy/roles";

export type BudgetCaller = { kind: "user"; ctx: OrgContext } | { kind: "api_key"; principal: ApiKeyPrincipal };

export const byUser = (ctx: OrgContext): BudgetCaller => ({ kind: "user", ctx });
export const byApiKey = (principal: ApiKeyPrincipal): BudgetCaller => ({ kind: "api_key", principal });

export function callerOrg(caller: BudgetCaller): Organization {
  return caller.kind === "user" ? caller.ctx.org : caller.principal.org;
}

/** Runs `fn` in one transaction as the caller; `write` verbs need an admin (users) — keys were checked for "write". */
export function asCaller<T>(caller: BudgetCaller, access: "read" | "write", fn: (tx: Tx, org: Organization) => Promise<T>): Promise<T> {
  if (caller.kind === "user") {
    if (access === "write" && !isAtLeast(caller.ctx.org.role, "admin")) {
      throw new ForbiddenError("Only admins and owners can change budgets.");
    }
    return asActor(caller.ctx.actor, (tx) => fn(tx, caller.ctx.org));
  }
  return asApiKey(caller.principal, (tx) => fn(tx, caller.principal.org));
}
