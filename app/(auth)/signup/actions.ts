"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailField, nextField, passwordField } from "@/lib/auth/fields";
import { formAction } from "@/lib/auth/form-action";
import { HOME_PATH } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { siteOrigin, siteUrl } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

const SignUpInput = z
  .object({
    email: emailField,
    password: z.string({ error: "Choose a password." }).min(1, "Choose a password."),
    confirmPassword: passwordField,
    next: nextField,
  })
  .refine((input) => input.password === input.confirmPassword, {
    message: "The passwords don't match.",
    path: ["confirmPassword"],
  });

export const signUp = formAction(SignUpInput, async ({ email, password, next }) => {
  const destination = safeNextPath(next, siteOrigin(), HOME_PATH);
  const supabase = await createClient();
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    // Where the confirmation email leads, when the project asks new users to confirm.
    options: { emailRedirectTo: siteUrl(destination) },
  });
  if (error) return { ok: false, error: authErrorMessage(error) };
  // With confirmations off, sign-up signs the user in; otherwise they confirm by email first.
  if (data.session) redirect(destination);
  return { ok: true, data: { email } };
});
