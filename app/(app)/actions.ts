"use server";

import { redirect } from "next/navigation";
import { withNotice } from "@/lib/auth/notices";
import { LOGIN_PATH } from "@/lib/auth/routes";
import { createClient } from "@/lib/supabase/server";

/** Ends this browser's session (other devices stay signed in) and goes to the login page. */
export async function signOut(): Promise<void> {
  const supabase = await createClient();
  const { error } = await supabase.auth.signOut({ scope: "local" });
  // The cookies are cleared even when Auth no longer knows the session; anything else is worth a log line.
  if (error) console.error("[auth] sign-out failed", { code: error.code, status: error.status });
  redirect(withNotice(LOGIN_PATH, "signed-out"));
}
