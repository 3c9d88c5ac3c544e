/** Transactions as service_role on a connection of the `postgres` role (an edge function's SUPABASE_DB_URL). */
import type { Sql } from "postgres";
import type { WithService } from "./with-service.ts";

export function serviceRole(sql: Sql): WithService {
  return (fn) => sql.begin(async (tx) => {
    await tx`set local role service_role`;
    return fn(tx);
  }) as ReturnType<typeof fn>;
}
