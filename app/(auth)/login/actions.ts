"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailField, nextField, passwordField } from "@/lib/auth/fields";
import { formAction } from "@/lib/auth/form-action";
import { HOME_PATH } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { siteOrigin } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

const SignInInput = z.object({ email: emailField, password: passwordField, next: nextField });

export const signIn = formAction(SignInInput, async ({ email, password, next }) => {
  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword({ email, password });
  if (error) return { ok: false, error: authErrorMessage(error) };
  redirect(safeNextPath(next, siteOrigin(), HOME_PATH));
});
