/**
 * The service client: Supabase Auth admin calls with the secret key, for jobs and trusted
 * server code that has no user (e.g. inviting a member, deleting an account).
 *
 * WARNING: it bypasses every RLS policy and can act on any user. Never import it from a Client
 * Component or hand its results to the browser unfiltered, and never use it where the user's own
 * client would do. Database work goes through `withService` in lib/db, not through this client.
 */
import "server-only";
import { createClient } from "@supabase/supabase-js";
import { serverEnv } from "@/lib/env";

let hasWarned = false;

export function createAdminClient() {
  if (process.env.NODE_ENV !== "production" && !hasWarned) {
    hasWarned = true;
    // A reminder in development that this code path skips RLS; once per process, not per call.
    console.warn("[supabase] the service (secret key) client is in use: RLS does not apply to it.");
  }
  const env = serverEnv();
  return createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SECRET_KEY, {
    // A server-side client with a fixed key: no session to persist, refresh or read from a URL.
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
