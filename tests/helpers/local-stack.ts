/** The integration suites' view of the running test stack: URLs, keys and database access. */
import postgres from "postgres";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { dbPassword, dbSuperuser, publishableKey, secretKey } from "../../supabase/local/config.ts";
import { integrationPorts } from "./ports.ts";

export const gatewayUrl = `http://127.0.0.1:${integrationPorts.gateway}`;
export const siteUrl = `http://127.0.0.1:${integrationPorts.app}`;
export { publishableKey, secretKey };

/** A superuser connection to the test stack's database, for setup and for checking what was written. */
export function superuserSql() {
  return postgres({
    host: "127.0.0.1", port: integrationPorts.db, database: "postgres",
    username: dbSuperuser, password: dbPassword, max: 2, onnotice: () => {},
  });
}

/** A fresh supabase-js client with in-memory session storage, as a server or script would use. */
export function anonClient(): SupabaseClient {
  return createClient(gatewayUrl, publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}
