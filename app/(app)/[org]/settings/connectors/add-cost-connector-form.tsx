"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { CostProvider } from "@/lib/connectors/credentials";
import { createCostConnector } from "./actions";
import { COST_PROVIDER_FORMS } from "./cost-providers";

/** Connect a provider whose costs are synced: the credentials are tried against it first, then stored encrypted. */
export function AddCostConnectorForm({ orgSlug, provider }: { orgSlug: string; provider: CostProvider }) {
  const [state, action] = useActionState(createCostConnector, null);
  const failure = state && !state.ok ? state : null;
  const created = state?.ok ? state.data : null;
  const form = COST_PROVIDER_FORMS[provider];
  return (
    <div className="grid gap-4">
      {created ? (
        <Alert variant="success" data-testid="connector-added">
          <AlertDescription>
            Connected “{created.connector.name}”. The credentials are stored encrypted and won’t be shown again. The last 30 days are being synced now.
          </AlertDescription>
        </Alert>
      ) : null}
      <form action={action} noValidate className="grid gap-4" data-testid="add-cost-connector-form">
        <FormError state={state} />
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="provider" value={provider} />
        <p className="text-sm text-muted-foreground">{form.about}</p>
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField
            name="name"
            label="Name"
            placeholder={`e.g. ${form.label} (production)`}
            autoComplete="off"
            required
            defaultValue={failure?.values?.provider === provider ? failure.values.name : undefined}
            errors={failure?.error.fieldErrors?.name}
          />
          {form.fields.map((field) => (
            <FormField
              key={`${provider}-${field.name}`}
              name={field.name}
              type={field.secret ? "password" : "text"}
              label={field.label}
              placeholder={field.placeholder}
              autoComplete="off"
              hint={field.hint}
              required
              defaultValue={!field.secret && failure?.values?.provider === provider ? failure.values[field.name] : undefined}
              errors={failure?.error.fieldErrors?.[field.name]}
            />
          ))}
        </div>
        <div>
          <SubmitButton pendingLabel={`Checking with ${form.label}…`}>Connect {form.label}</SubmitButton>
        </div>
      </form>
    </div>
  );
}
