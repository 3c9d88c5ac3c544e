"use client";

import { Check, X } from "lucide-react";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/forms/form-field";
import { ActionStatus } from "../settings/members/action-status";
import { decideApproval } from "./actions";

/** Approve or deny one request, with the reason the caller and the audit log will see. */
export function DecideForm({ orgSlug, approvalId }: { orgSlug: string; approvalId: string }) {
  const [state, decide] = useActionState(decideApproval, null);
  const reasonErrors = state && !state.ok ? state.error.fieldErrors?.reason : undefined;
  return (
    <form action={decide} className="grid gap-3" data-testid="decide-form">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="approvalId" value={approvalId} />
      <FormField name="reason" label="Reason" required maxLength={500} placeholder="e.g. Launch week" errors={reasonErrors} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approved" pendingLabel="Saving…">
          <Check /> Approve
        </SubmitButton>
        <SubmitButton name="decision" value="denied" variant="outline" pendingLabel="Saving…">
          <X /> Deny
        </SubmitButton>
      </div>
      <ActionStatus state={state} />
    </form>
  );
}
