/**
 * Runs SQL for an API-key request: service_role (there is no user), with claims naming the key
 * and its organization, so the audit trigger records the key as the actor. Every write must still
 * take its org_id from `principal.org.id`, never from the request.
 */
import "server-only";
import { db, type Tx } from "@/lib/db";
import { mapDatabaseErrors } from "@/lib/services/errors";
import type { ApiKeyPrincipal } from "./authenticate-api-key";

export function apiKeyClaims(principal: ApiKeyPrincipal) {
  return { role: "service_role", api_key_id: principal.id, api_key_name: principal.name, org_id: principal.org.id };
}

export function asApiKey<T>(principal: ApiKeyPrincipal, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return mapDatabaseErrors(async () => {
    const result = await db().sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify(apiKeyClaims(principal))}, true)`;
      return fn(tx);
    });
    return result as T;
  });
}
