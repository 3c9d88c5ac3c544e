"use client";

import { useActionState, type ReactNode } from "react";
import { CheckEmail } from "@/components/auth/check-email";
import { EmailField } from "@/components/forms/email-field";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { failureOf } from "@/lib/auth/action-result";
import { sendMagicLink } from "./actions";

export function MagicLinkForm({ next, outboxHint }: { next?: string; outboxHint: ReactNode }) {
  const [state, action] = useActionState(sendMagicLink, null);
  if (state?.ok) {
    return (
      <CheckEmail aside={outboxHint}>
        If <strong className="text-foreground">{state.data.email}</strong> has a Spendguard account, a sign-in link is
        on its way.
      </CheckEmail>
    );
  }
  const failure = failureOf(state);
  return (
    <form action={action} noValidate className="grid gap-4">
      <FormError state={state} />
      <EmailField failure={failure} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pendingLabel="Sending link…" className="mt-1 w-full">
        Email me a link
      </SubmitButton>
    </form>
  );
}
