"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { acceptInvitation } from "./actions";

export function AcceptForm({ token, orgName }: { token: string; orgName: string }) {
  const [state, action] = useActionState(acceptInvitation, null);
  return (
    <form action={action} className="grid gap-4">
      <FormError state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Joining…" className="w-full">
        Join {orgName}
      </SubmitButton>
    </form>
  );
}
