"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { passwordField } from "@/lib/auth/fields";
import { formAction } from "@/lib/auth/form-action";
import { withNotice } from "@/lib/auth/notices";
import { ACCOUNT_PATH } from "@/lib/auth/routes";
import { createClient } from "@/lib/supabase/server";

const NewPasswordInput = z
  .object({
    password: z.string({ error: "Choose a new password." }).min(1, "Choose a new password."),
    confirmPassword: passwordField,
  })
  .refine((input) => input.password === input.confirmPassword, {
    message: "The passwords don't match.",
    path: ["confirmPassword"],
  });

export const updatePassword = formAction(NewPasswordInput, async ({ password }) => {
  const supabase = await createClient();
  // The session comes from the recovery link (or an ordinary sign-in); updateUser needs one.
  const { error } = await supabase.auth.updateUser({ password });
  if (error) return { ok: false, error: authErrorMessage(error) };
  redirect(withNotice(ACCOUNT_PATH, "password-updated"));
});
