"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { MAKE_ZONES } from "@/lib/connectors/make/make-api";
import { createMakeConnector } from "./actions";
import { TeamSummary } from "./team-summary";

/** Connect a Make team: the token is tried against Make before anything is saved, and never shown again. */
export function AddMakeConnectorForm({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState(createMakeConnector, null);
  const failure = state && !state.ok ? state : null;
  const created = state?.ok ? state.data : null;
  return (
    <div className="grid gap-4">
      {created ? (
        <Alert variant="success" data-testid="connector-added">
          <AlertDescription className="grid gap-2">
            <p>Connected “{created.connector.name}”. The token is stored encrypted and won’t be shown again.</p>
            <TeamSummary team={created.team} />
          </AlertDescription>
        </Alert>
      ) : null}
      <form action={action} noValidate className="grid gap-4" data-testid="add-make-connector-form">
        <FormError state={state} />
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField
            name="name"
            label="Name"
            placeholder="e.g. Make (marketing team)"
            autoComplete="off"
            required
            defaultValue={failure?.values?.name}
            errors={failure?.error.fieldErrors?.name}
          />
          <div className="grid gap-2">
            <Label htmlFor="make-zone">Zone</Label>
            <Select id="make-zone" name="zone" defaultValue={failure?.values?.zone ?? "eu1"}>
              {MAKE_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}.make.com
                </option>
              ))}
            </Select>
            <p className="text-sm text-muted-foreground">The start of your Make address.</p>
            {failure?.error.fieldErrors?.zone ? <p className="text-sm text-destructive">{failure.error.fieldErrors.zone.join(" ")}</p> : null}
          </div>
          <FormField
            name="team_id"
            label="Team id"
            inputMode="numeric"
            placeholder="e.g. 215"
            autoComplete="off"
            hint="The number after /team/ in your Make address."
            required
            defaultValue={failure?.values?.team_id}
            errors={failure?.error.fieldErrors?.team_id}
          />
          <FormField
            name="api_token"
            type="password"
            label="API token"
            autoComplete="off"
            hint="Make → Profile → API access, with the scenarios:read and scenarios:write scopes."
            required
            errors={failure?.error.fieldErrors?.api_token}
          />
        </div>
        <div>
          <SubmitButton pendingLabel="Checking with Make…">Connect Make</SubmitButton>
        </div>
      </form>
    </div>
  );
}
