"use client";

import { TriangleAlert } from "lucide-react";
import { useActionState } from "react";
import { EmailField } from "@/components/forms/email-field";
import { FormError } from "@/components/forms/form-error";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { ROLE_LABELS, type OrgRole } from "@/lib/tenancy/roles";
import { inviteMember } from "./actions";

/** Invite by email with a role; only the roles the inviter may hand out are offered. */
export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: OrgRole[] }) {
  const [state, action] = useActionState(inviteMember, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={action} noValidate className="grid gap-4" data-testid="invite-form">
      <FormError state={state} />
      {state?.ok ? (
        state.data.emailSent ? (
          <p role="status" className="text-sm text-success">
            Invitation sent to {state.data.invitation.email}.
          </p>
        ) : (
          <Alert variant="destructive">
            <TriangleAlert />
            <AlertDescription>
              The invitation for {state.data.invitation.email} was created, but the email could not be sent. Use
              “Resend” below to try again.
            </AlertDescription>
          </Alert>
        )
      ) : null}
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_10rem_auto] sm:items-start">
        <EmailField autoComplete="off" placeholder="teammate@company.com" failure={failure} />
        <SelectField
          name="role"
          label="Role"
          defaultValue={failure?.values?.role ?? "member"}
          options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          errors={failure?.error.fieldErrors?.role}
        />
        <SubmitButton pendingLabel="Inviting…" className="sm:mt-6">
          Send invitation
        </SubmitButton>
      </div>
    </form>
  );
}
