/**
 * Demo data for `npm run dev`: a demo user to sign in with, created through the Auth admin API
 * exactly as an operator would. Idempotent: an existing demo user is left as it is.
 */
import { createClient } from "@supabase/supabase-js";

export const demoUser = { email: "demo@spendguard.local", password: "spendguard-demo" };

export async function seedDemo(env: Record<string, string>): Promise<void> {
  const admin = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SECRET_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await admin.auth.admin.createUser({
    email: demoUser.email,
    password: demoUser.password,
    email_confirm: true,
    user_metadata: { full_name: "Demo User" },
  });
  if (error && error.code !== "email_exists" && error.code !== "user_already_exists") {
    throw new Error(`Could not seed the demo user: ${error.message}`);
  }
}
