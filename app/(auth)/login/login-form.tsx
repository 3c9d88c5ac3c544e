"use client";

import Link from "next/link";
import { useActionState } from "react";
import { EmailField } from "@/components/forms/email-field";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { failureOf } from "@/lib/auth/action-result";
import { signIn } from "./actions";

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signIn, null);
  const failure = failureOf(state);
  return (
    <form action={action} noValidate className="grid gap-4">
      <FormError state={state} />
      <EmailField failure={failure} />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={failure?.error.fieldErrors?.password}
        labelAside={
          <Link href="/forgot-password" className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
            Forgot password?
          </Link>
        }
      />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pendingLabel="Signing in…" className="mt-1 w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
