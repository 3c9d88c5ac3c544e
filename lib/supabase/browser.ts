/**
 * The Supabase client for Client Components (Realtime, and any browser-side auth call).
 * `createBrowserClient` keeps one instance per tab and stores the session in the same cookies
 * the server reads, so both sides see one session.
 */
import { createBrowserClient } from "@supabase/ssr";
import { publicEnv } from "@/lib/env";

export function createClient() {
  const env = publicEnv();
  return createBrowserClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);
}
