"use client";

import { useActionState, type ReactNode } from "react";
import { CheckEmail } from "@/components/auth/check-email";
import { EmailField } from "@/components/forms/email-field";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { failureOf } from "@/lib/auth/action-result";
import { requestPasswordReset } from "./actions";

export function ForgotPasswordForm({ outboxHint }: { outboxHint: ReactNode }) {
  const [state, action] = useActionState(requestPasswordReset, null);
  if (state?.ok) {
    // Worded the same whether or not the account exists, so the page reveals nothing.
    return (
      <CheckEmail aside={outboxHint}>
        If an account exists for <strong className="text-foreground">{state.data.email}</strong>, we sent it a link to
        choose a new password.
      </CheckEmail>
    );
  }
  const failure = failureOf(state);
  return (
    <form action={action} noValidate className="grid gap-4">
      <FormError state={state} />
      <EmailField failure={failure} />
      <SubmitButton pendingLabel="Sending link…" className="mt-1 w-full">
        Send reset link
      </SubmitButton>
    </form>
  );
}
