/** A transaction as service_role: the app's `withService` (lib/db), or the edge functions' own (service-role.ts). */
import type { TransactionSql } from "postgres";

export type WithService = <T>(fn: (tx: TransactionSql) => Promise<T>) => Promise<T>;
