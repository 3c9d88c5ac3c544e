"use server";

import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailField } from "@/lib/auth/fields";
import { formAction } from "@/lib/auth/form-action";
import { siteUrl } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

const PasswordResetInput = z.object({ email: emailField });

// Failures that are about the request, not the account, so saying so reveals nothing.
const SHOWN_ERRORS = new Set(["over_email_send_rate_limit", "over_request_rate_limit", "email_address_invalid"]);

export const requestPasswordReset = formAction(PasswordResetInput, async ({ email }) => {
  const supabase = await createClient();
  const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: siteUrl("/reset-password") });
  if (error && (SHOWN_ERRORS.has(error.code ?? "") || error.status === 0)) {
    return { ok: false, error: authErrorMessage(error) };
  }
  if (error) console.error("[auth] password reset request failed", { code: error.code, status: error.status });
  return { ok: true, data: { email } };
});
