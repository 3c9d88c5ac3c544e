"use server";

import { z } from "zod";
import { authErrorMessage } from "@/lib/auth/auth-error-message";
import { emailField, nextField } from "@/lib/auth/fields";
import { formAction } from "@/lib/auth/form-action";
import { HOME_PATH } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { siteOrigin, siteUrl } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

const MagicLinkInput = z.object({ email: emailField, next: nextField });

// Answers that would tell a stranger whether an address has an account; shown as "sent" instead.
const NO_SUCH_ACCOUNT = new Set(["otp_disabled", "user_not_found", "signup_disabled"]);

export const sendMagicLink = formAction(MagicLinkInput, async ({ email, next }) => {
  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithOtp({
    email,
    options: {
      // Sign-in only: accounts are created on the sign-up page, with a password.
      shouldCreateUser: false,
      emailRedirectTo: siteUrl(safeNextPath(next, siteOrigin(), HOME_PATH)),
    },
  });
  if (error && !NO_SUCH_ACCOUNT.has(error.code ?? "")) return { ok: false, error: authErrorMessage(error) };
  return { ok: true, data: { email } };
});
