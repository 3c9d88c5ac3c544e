/**
 * The Supabase client for Server Components, Server Actions and Route Handlers, acting as the
 * signed-in user from the request's cookies. Create one per request (never share it): it holds
 * that request's session.
 */
import "server-only";
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { publicEnv } from "@/lib/env";

export async function createClient() {
  // Read cookies first: it marks the route as dynamic before anything else can run at build time.
  const cookieStore = await cookies();
  const env = publicEnv();
  return createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components cannot write cookies; the proxy refreshes the session on the next
          // request instead. Actions and Route Handlers can, and do, write them here.
        }
      },
    },
  });
}
