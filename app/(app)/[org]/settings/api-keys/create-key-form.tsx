"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { API_KEY_SCOPES, SCOPE_SUMMARIES } from "@/lib/services/api-keys/scopes";
import { createApiKey } from "./actions";
import { OneTimeSecret } from "@/components/one-time-secret";

/** Name and scopes in; the secret out, once, right above the form. */
export function CreateKeyForm({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState(createApiKey, null);
  const failure = state && !state.ok ? state : null;
  const scopeErrors = failure?.error.fieldErrors?.scopes;
  return (
    <div className="grid gap-4">
      {state?.ok ? (
        <OneTimeSecret key={state.data.apiKey.id} title={`Key “${state.data.apiKey.name}” created. Copy it now — you won’t see it again.`} secret={state.data.secret}>
          Spendguard keeps only a fingerprint of it. If you lose it, revoke it and create a new one.
        </OneTimeSecret>
      ) : null}
      <form action={action} noValidate className="grid gap-4" data-testid="create-key-form">
        <FormError state={state} />
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <FormField
          name="name"
          label="Name"
          placeholder="e.g. Production ingest"
          autoComplete="off"
          hint="Say where the key is used, so you know what breaks if you revoke it."
          required
          defaultValue={failure?.values?.name}
          errors={failure?.error.fieldErrors?.name}
        />
        <fieldset className="grid gap-2" aria-describedby={scopeErrors ? "scopes-error" : undefined}>
          <legend className="mb-1 text-sm font-medium">Scopes</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {API_KEY_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-3 rounded-lg border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
                <input
                  type="checkbox"
                  name={`scope_${scope}`}
                  defaultChecked={failure ? failure.values?.[`scope_${scope}`] !== undefined : scope === "ingest"}
                  className="mt-0.5 size-4 accent-primary"
                />
                <span>
                  <span className="font-mono font-medium">{scope}</span>
                  <span className="block text-muted-foreground">{SCOPE_SUMMARIES[scope]}</span>
                </span>
              </label>
            ))}
          </div>
          {scopeErrors ? (
            <p id="scopes-error" className="text-sm text-destructive">
              {scopeErrors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <div>
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </div>
      </form>
    </div>
  );
}
