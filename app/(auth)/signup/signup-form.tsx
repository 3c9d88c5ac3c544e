"use client";

import { useActionState, type ReactNode } from "react";
import { CheckEmail } from "@/components/auth/check-email";
import { EmailField } from "@/components/forms/email-field";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { failureOf } from "@/lib/auth/action-result";
import { signUp } from "./actions";

/** Sign-up form; when the project requires email confirmation it turns into "check your email". */
export function SignupForm({ next, outboxHint }: { next?: string; outboxHint: ReactNode }) {
  const [state, action] = useActionState(signUp, null);
  if (state?.ok) {
    return (
      <CheckEmail aside={outboxHint}>
        We sent a confirmation link to <strong className="text-foreground">{state.data.email}</strong>. Open it to
        finish creating your account.
      </CheckEmail>
    );
  }
  const failure = failureOf(state);
  return (
    <form action={action} noValidate className="grid gap-4">
      <FormError state={state} />
      <EmailField label="Work email" failure={failure} />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="Use a long passphrase you don't use anywhere else."
        errors={failure?.error.fieldErrors?.password}
      />
      <FormField
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        required
        errors={failure?.error.fieldErrors?.confirmPassword}
      />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pendingLabel="Creating your account…" className="mt-1 w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
