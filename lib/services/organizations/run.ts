/** One withUser transaction per verb, with database errors mapped to service errors. */
import "server-only";
import { withUser, type Tx } from "@/lib/db";
import { mapDatabaseErrors } from "@/lib/services/errors";
import type { Actor } from "@/lib/tenancy/context";

export function asActor<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return mapDatabaseErrors(() => withUser(actor.claims, fn));
}
