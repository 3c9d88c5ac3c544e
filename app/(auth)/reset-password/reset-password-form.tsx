"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { failureOf } from "@/lib/auth/action-result";
import { updatePassword } from "./actions";

export function ResetPasswordForm({ email }: { email?: string }) {
  const [state, action] = useActionState(updatePassword, null);
  const failure = failureOf(state);
  return (
    <form action={action} noValidate className="grid gap-4">
      <FormError state={state} />
      {/* Lets password managers file the new password under the right account. */}
      {email ? <input type="email" name="username" autoComplete="username" value={email} readOnly hidden /> : null}
      <FormField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        errors={failure?.error.fieldErrors?.password}
      />
      <FormField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        errors={failure?.error.fieldErrors?.confirmPassword}
      />
      <SubmitButton pendingLabel="Saving…" className="mt-1 w-full">
        Save new password
      </SubmitButton>
    </form>
  );
}
