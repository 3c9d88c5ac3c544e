"use client";

import { useActionState } from "react";
import { FormError } from "@/components/forms/form-error";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { CodedActionResult, CodedFormState } from "@/lib/actions/action-result";

type RetentionFormProps = {
  action: (state: CodedFormState<{ retentionMonths: number }>, formData: FormData) => Promise<CodedActionResult<{ retentionMonths: number }>>;
  orgSlug: string;
  retentionMonths: number;
  choices: readonly number[];
  readOnly: boolean;
};

const label = (months: number) => (months % 12 === 0 ? `${months / 12} year${months === 12 ? "" : "s"}` : `${months} month${months === 1 ? "" : "s"}`);

/** How long raw usage events are kept; totals (rollups) are kept regardless. */
export function RetentionForm({ action, orgSlug, retentionMonths, choices, readOnly }: RetentionFormProps) {
  const [state, formAction] = useActionState(action, null);
  const saved = state?.ok ? state.data.retentionMonths : null;
  return (
    <form action={formAction} noValidate className="grid gap-4">
      <FormError state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <SelectField
        name="retentionMonths"
        label="Keep raw events for"
        defaultValue={String(retentionMonths)}
        disabled={readOnly}
        options={choices.map((months) => ({ value: String(months), label: label(months) }))}
        errors={state && !state.ok ? state.error.fieldErrors?.retentionMonths : undefined}
        hint="Older events are deleted once a day and can no longer be listed, exported or re-priced. Totals, charts and budgets keep using the hourly rollups, which are never deleted. Events older than this are refused at ingest."
      />
      {readOnly ? null : (
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel="Saving…">Save retention</SubmitButton>
          {saved !== null ? (
            <p role="status" className="text-sm text-muted-foreground">
              Saved: raw events are kept for {label(saved)}.
            </p>
          ) : null}
        </div>
      )}
    </form>
  );
}
